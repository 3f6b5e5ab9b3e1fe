import { z } from "zod";
import { count, dimension } from "./dimension.js";

/** config.json keys that describe sliding-window attention. */
export const slidingWindowFields = {
  sliding_window: dimension.nullish(),
  use_sliding_window: z.boolean().nullish(),
  max_window_layers: count.nullish(),
};
export type SlidingWindowConfig = z.output<z.ZodObject<typeof slidingWindowFields>>;

/**
 * How a family switches sliding windows on: mistral and mixtral whenever `sliding_window` is set; qwen only with
 * `use_sliding_window: true`, and then only layers from `max_window_layers` on slide.
 */
export type SlidingWindowRule = "when-set" | "qwen";

/** Hugging Face's default for qwen's `max_window_layers` (the leading layers that keep full attention). */
const QWEN_DEFAULT_FULL_ATTENTION_LAYERS = 28;

/**
 * The window every layer uses, or null. A window that only some layers use is reported as null: capping the KV
 * cache of all layers at it would under-count the full-attention layers.
 */
export function readSlidingWindow(config: SlidingWindowConfig, rule: SlidingWindowRule): number | null {
  const window = config.sliding_window ?? null;
  if (rule === "when-set") return window;
  if (config.use_sliding_window !== true) return null;
  const fullAttentionLayers = config.max_window_layers ?? QWEN_DEFAULT_FULL_ATTENTION_LAYERS;
  return fullAttentionLayers === 0 ? window : null;
}
