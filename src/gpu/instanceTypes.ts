/**
 * Alibaba Cloud ECS GPU instance types llmfleet can plan for.
 *
 * Source: Alibaba Cloud help "GPU-accelerated compute-optimized instance families" (gn6i, gn6v, gn6e,
 * gn7i, gn7, gn7e, gn8is, gn8v and the ebmgn7e, ebmgn8is, ebmgn8v bare-metal families), as summarised in
 * the team reference. Network bandwidth is the published baseline in Gbit/s; null where the page gives
 * none for that size. The GPU of gn7 (A100 40 GB), gn7e (A100 80 GB) and gn8v ("96 GB HBM3", not named
 * on the page) is inferred from the published memory and bandwidth.
 */
import type { InstanceType } from "./types.js";

/**
 * Families whose instances support elastic RDMA (ack-erdma-controller, `aliyun/erdma`), per the help
 * page. gn6*, gn7, gn7i, gn7e and ebmgn7e do not. ebmgn7ex and ebmgn7ix support it but have no
 * instance type in the catalogue yet.
 */
export const ERDMA_FAMILIES: ReadonlySet<string> = new Set(["gn8is", "gn8v", "ebmgn8is", "ebmgn8v", "ebmgn7ex", "ebmgn7ix"]);

/** `gn7i-c8g1.2xlarge` → `gn7i`; `gn8is-2x.8xlarge` → `gn8is`; `ebmgn7e.32xlarge` → `ebmgn7e`. */
function familyOf(shortName: string): string {
  const beforeSize = shortName.split(".")[0] ?? shortName;
  return beforeSize.split("-")[0] ?? beforeSize;
}

function instance(
  shortName: string,
  vcpu: number,
  memoryGiB: number,
  gpuCount: number,
  gpu: string,
  networkGbps: number | null,
): InstanceType {
  const family = familyOf(shortName);
  return Object.freeze({
    name: `ecs.${shortName}`,
    family,
    vcpu,
    memoryGiB,
    gpuCount,
    gpu,
    networkGbps,
    erdma: ERDMA_FAMILIES.has(family),
  });
}

/** Every GPU instance type in the catalogue, grouped by GPU model. */
export const INSTANCE_TYPES: readonly InstanceType[] = Object.freeze([
  // T4 (gn6i)
  instance("gn6i-c4g1.xlarge", 4, 15, 1, "T4", 4),
  instance("gn6i-c8g1.2xlarge", 8, 31, 1, "T4", 5),
  instance("gn6i-c24g1.24xlarge", 96, 372, 4, "T4", 30),
  // V100 16 GB (gn6v)
  instance("gn6v-c8g1.2xlarge", 8, 32, 1, "V100-16G", null),
  instance("gn6v-c8g1.16xlarge", 64, 256, 8, "V100-16G", 20),
  // V100 32 GB (gn6e)
  instance("gn6e-c12g1.3xlarge", 12, 92, 1, "V100-32G", null),
  instance("gn6e-c12g1.24xlarge", 96, 736, 8, "V100-32G", 32),
  // A10 (gn7i)
  instance("gn7i-c8g1.2xlarge", 8, 30, 1, "A10", 16),
  instance("gn7i-c16g1.4xlarge", 16, 60, 1, "A10", 16),
  instance("gn7i-c32g1.16xlarge", 64, 376, 2, "A10", 32),
  instance("gn7i-c32g1.32xlarge", 128, 752, 4, "A10", 64),
  instance("gn7i-4x.16xlarge", 64, 256, 4, "A10", 64),
  instance("gn7i-8x.32xlarge", 128, 512, 8, "A10", 64),
  // A100 40 GB (gn7)
  instance("gn7-c12g1.3xlarge", 12, 94, 1, "A100-40G", null),
  instance("gn7-c13g1.26xlarge", 104, 756, 8, "A100-40G", 30),
  // A100 80 GB (gn7e, ebmgn7e)
  instance("gn7e-c16g1.4xlarge", 16, 125, 1, "A100-80G", 8),
  instance("gn7e-c16g1.16xlarge", 64, 500, 4, "A100-80G", 32),
  instance("gn7e-c16g1.32xlarge", 128, 1000, 8, "A100-80G", 64),
  instance("ebmgn7e.32xlarge", 128, 1024, 8, "A100-80G", 64),
  // L20 (gn8is, ebmgn8is). ebmgn8is.32xlarge: 128 vCPU / 1024 GiB from the ebmgn8is table of the help page.
  instance("gn8is.2xlarge", 8, 64, 1, "L20", 8),
  instance("gn8is-2x.8xlarge", 32, 256, 2, "L20", 32),
  instance("gn8is-4x.16xlarge", 64, 512, 4, "L20", 64),
  instance("gn8is-8x.32xlarge", 128, 1024, 8, "L20", 100),
  instance("ebmgn8is.32xlarge", 128, 1024, 8, "L20", 160),
  // H20 96 GB (gn8v, ebmgn8v). ebmgn8v.48xlarge: 192 vCPU / 1024 GiB from the ebmgn8v table of the help page.
  instance("gn8v.4xlarge", 16, 96, 1, "H20", 12),
  instance("gn8v-4x.24xlarge", 96, 512, 4, "H20", 50),
  instance("gn8v-8x.48xlarge", 192, 1024, 8, "H20", 100),
  instance("ebmgn8v.48xlarge", 192, 1024, 8, "H20", 170),
]);
