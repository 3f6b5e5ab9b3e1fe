/**
 * A first-order estimate of how many tokens one replica generates per second, for cost per token
 * when the user has no measurement. Decoding is bound by memory bandwidth: every step each GPU reads
 * its share of the weights once and the KV cache of every sequence in flight. The estimate is that
 * bound, so real throughput is lower (kernels reach 60–80 % of peak bandwidth, prefill competes).
 */
import type { GpuModel } from "../gpu/types.js";
import type { Plan } from "./types.js";

const GiB = 2 ** 30;
/** vLLM's default cap on sequences in one step (`max_num_seqs`). */
export const MAX_SEQUENCES = 256;
/** Context each sequence in flight is assumed to hold. */
export const ASSUMED_CONTEXT_TOKENS = 1024;

export interface DecodeThroughput {
  /** Generated tokens per second of one replica, at the bandwidth bound. */
  readonly tokensPerSecond: number;
  /** Sequences in flight: as many 1,024-token sequences as the KV cache holds, at most 256. */
  readonly sequences: number;
  readonly contextTokens: number;
}

/**
 * The bandwidth bound of one replica of `plan` on `gpu`: sequences in flight ÷ the time one GPU needs
 * to read its weights and their KV cache. Pipeline stages work on different sequences at once, so a
 * replica completes a step of the whole batch every stage time.
 */
export function decodeThroughput(plan: Plan, gpu: GpuModel): DecodeThroughput {
  const kvBytesPerTokenPerGpu = plan.kvCacheTokens > 0 ? (plan.perGpu.kvCacheGiB * GiB) / plan.kvCacheTokens : 0;
  const sequences = Math.max(1, Math.min(MAX_SEQUENCES, Math.floor(plan.kvCacheTokens / ASSUMED_CONTEXT_TOKENS)));
  const bytesPerStep = plan.perGpu.weightsGiB * GiB + sequences * ASSUMED_CONTEXT_TOKENS * kvBytesPerTokenPerGpu;
  const stepSeconds = bytesPerStep / (gpu.bandwidthGBps * 1e9);
  return { tokensPerSecond: sequences / stepSeconds, sequences, contextTokens: ASSUMED_CONTEXT_TOKENS };
}
