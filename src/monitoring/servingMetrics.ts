import { LlmfleetError } from "../errors/index.js";

/** A histogram by base name, with the upper bounds of its buckets as the engine declares them. */
export interface HistogramMetric {
  readonly name: string;
  /** Bucket upper bounds in the histogram's unit, ascending, without `+Inf`. */
  readonly bounds: readonly number[];
}

/**
 * The serving metrics alerts and dashboards read, by concept. Every builder takes one of these
 * records (vLLM's by default) instead of naming metrics itself, so an engine that exports other
 * names gets the same alerts and panels from its own record.
 */
export interface ServingMetrics {
  /** Value of the pods' `llmfleet.io/engine` label, which the engine monitor copies to `llmfleet_engine`. */
  readonly engine: string;
  /** Gauge: requests in the running batch. */
  readonly running: string;
  /** Gauge: requests waiting for a batch slot. */
  readonly waiting: string;
  /** Gauge, 0–1: share of the KV cache in use. */
  readonly kvCacheUsage: string;
  /** Counters of prompt (prefill) and generated tokens. */
  readonly promptTokens: string;
  readonly generationTokens: string;
  readonly timeToFirstToken: HistogramMetric;
  readonly interTokenLatency: HistogramMetric;
  readonly e2eLatency: HistogramMetric;
  // What not every engine exports: the alerts and panels that read one are left out for an engine without it.
  /** Counter of finished requests, label `finished_reason`. */
  readonly requestSuccess?: string;
  /** Counter of requests preempted for lack of KV-cache blocks. */
  readonly preemptions?: string;
  /** Counter of HTTP requests by `handler` and grouped `status` (`2xx`, `4xx`, `5xx`). */
  readonly httpRequests?: string;
  readonly queueTime?: HistogramMetric;
  readonly prefillTime?: HistogramMetric;
  readonly decodeTime?: HistogramMetric;
  /** Histograms of prompt and generation length per request, in tokens (buckets follow max-model-len). */
  readonly requestPromptTokens?: string;
  readonly requestGenerationTokens?: string;
  /** Engines without prefix caching or speculative decoding leave these out; their panels are skipped. */
  readonly prefixCache?: { readonly queries: string; readonly hits: string };
  readonly speculativeDecoding?: { readonly draftTokens: string; readonly acceptedTokens: string };
}

export { VLLM_SERVING_METRICS } from "../engines/vllm/metrics.js";

/**
 * A bucket bound as the `le` label carries it. Python's prometheus_client writes floats with a
 * decimal point (`5.0`, `2.5`), and Prometheus 3 normalises classic-histogram `le` values to the same
 * form, so matching on this string works on both the 2.x and 3.x servers.
 */
export function leLabel(bound: number): string {
  return Number.isInteger(bound) ? bound.toFixed(1) : String(bound);
}

/** An SLO threshold rounded up to the histogram's next bucket bound (a histogram cannot tell values apart inside a bucket). */
export interface RoundedThreshold {
  readonly configuredSeconds: number;
  /** The smallest bucket bound ≥ the configured value. */
  readonly boundSeconds: number;
  readonly rounded: boolean;
}

/**
 * Rounds `configuredSeconds` up to a bucket bound of `histogram`, so that the alert counts exactly
 * the requests slower than the bound instead of interpolating inside a bucket. Rounding up never
 * alerts on traffic that meets the configured objective; the price is that requests between the
 * objective and the bound are not seen as slow.
 *
 * @param field names the setting in the error when the objective lies beyond the last bucket
 */
export function roundUpToBucket(histogram: HistogramMetric, configuredSeconds: number, field: string): RoundedThreshold {
  const bound = histogram.bounds.find((candidate) => candidate >= configuredSeconds - 1e-12);
  if (bound === undefined) {
    const largest = histogram.bounds[histogram.bounds.length - 1] ?? 0;
    throw new LlmfleetError(field, configuredSeconds, `lies beyond the largest bucket bound of ${histogram.name} (${largest} s), so the histogram cannot tell a request that met it from one that did not`, `use at most ${largest}`);
  }
  return { configuredSeconds, boundSeconds: bound, rounded: Math.abs(bound - configuredSeconds) > 1e-12 };
}
