/**
 * Sources: with a registry mirror set, every image a pod runs and every chart (with every image its
 * values choose) comes from the mirror. An image left on docker.io, quay.io, registry.k8s.io, nvcr.io
 * or ghcr.io, or a chart left on its public repository, is what a mainland China region fails to
 * pull (ImagePullBackOff, or `pulumi up` failing to fetch the chart). The same reading lists what
 * the mirror has to hold (`mirrorContents`).
 */
import { containersOf, podTemplatesOf } from "../policy/podTemplates.js";
import {
  chartName,
  isOnMirror,
  mirroredChartReference,
  mirroredImage,
  mirroredImageValue,
  mirrorPrefix,
  sourceImage,
  valueAt,
  type RegistryMirror,
} from "../registry/index.js";
import { MPI_OPERATOR, pinnedChartOf } from "../registry/pinnedSources.js";
import { finding, type DeployabilityFinding, type DeployedResource } from "./types.js";

const HELM_CHART = "kubernetes:helm.sh/v4:Chart";
const CONFIG_FILE = "kubernetes:yaml/v2:ConfigFile";

/** One image to copy: where it comes from and where the stack pulls it once mirrored. */
export interface MirroredImage {
  /** `docker.io/vllm/vllm-openai:v0.9.2`; a chart's image without a tag takes the chart's default. */
  readonly source: string;
  /** Set when the tag is the chart's default: `kube-prometheus-stack 90.0.0`. */
  readonly tagFromChart: string | null;
  /** The reference on the mirror, or null without one. */
  readonly mirror: string | null;
}

export interface MirroredChart {
  readonly chart: string;
  readonly version: string;
  /** `oci://<registry>/…` or a Helm repository URL. */
  readonly from: string;
  readonly mirror: string | null;
}

/** What a mirror must hold for the stack: images (pods', charts', manifests') and charts. */
export interface MirrorContents {
  readonly images: readonly MirroredImage[];
  readonly charts: readonly MirroredChart[];
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function podImages(resource: DeployedResource): { where: string; image: string }[] {
  return podTemplatesOf({ type: resource.type, name: resource.name, props: resource.inputs })
    .flatMap(containersOf)
    .flatMap((container) => {
      const image = text(container.body["image"]);
      return image === undefined ? [] : [{ where: container.where, image }];
    });
}

function isMpiOperatorManifest(resource: DeployedResource): boolean {
  return resource.type === CONFIG_FILE && /mpi-operator/.test(text(resource.inputs["file"]) ?? "");
}

export function mirrorContents(resources: readonly DeployedResource[], registry: RegistryMirror | undefined): MirrorContents {
  const images = new Map<string, MirroredImage>();
  const add = (source: string, tagFromChart: string | null) => {
    if (!images.has(source)) images.set(source, { source, tagFromChart, mirror: registry === undefined ? null : mirroredImage(source, registry) });
  };
  const charts: MirroredChart[] = [];
  for (const resource of resources) {
    for (const { image } of podImages(resource)) add(sourceImage(image, registry), null);
    if (isMpiOperatorManifest(resource)) add(MPI_OPERATOR.image, null);
    if (resource.type !== HELM_CHART) continue;
    const pinned = pinnedChartOf(text(resource.inputs["chart"]) ?? "");
    if (pinned === undefined) continue;
    for (const image of pinned.images) add(image.tag === null ? image.source : `${image.source}:${image.tag}`, image.tag === null ? `${pinned.chart} ${pinned.version}` : null);
    if (!charts.some((c) => c.chart === chartName(pinned.chart))) {
      charts.push({ chart: chartName(pinned.chart), version: pinned.version, from: pinned.repo ?? pinned.chart, mirror: registry === undefined ? null : mirroredChartReference(pinned.chart, registry) });
    }
  }
  return { images: [...images.values()].sort((a, b) => a.source.localeCompare(b.source)), charts };
}

function chartFindings(resource: DeployedResource, registry: RegistryMirror): DeployabilityFinding[] {
  const chart = text(resource.inputs["chart"]) ?? resource.name;
  const pinned = pinnedChartOf(chart);
  const found: DeployabilityFinding[] = [];
  if (!chart.startsWith(`oci://${mirrorPrefix(registry)}/`)) {
    const repositoryOpts = resource.inputs["repositoryOpts"];
    const repo = typeof repositoryOpts === "object" && repositoryOpts !== null ? text((repositoryOpts as Record<string, unknown>)["repo"]) : undefined;
    found.push(
      finding(
        "sources",
        resource.name,
        `chart ${chart} comes from ${repo ?? chart}`,
        `the stack pulls everything from the mirror ${mirrorPrefix(registry)}, and a cn-* region may not reach that repository`,
        `push the chart to the mirror (helm pull … --version ${text(resource.inputs["version"]) ?? "<version>"} && helm push ${chart.split("/").pop() ?? chart}-<version>.tgz oci://${mirrorPrefix(registry)}/charts) and install ${mirroredChartReference(chart, registry)}`,
      ),
    );
  }
  if (pinned === undefined) {
    found.push(finding("sources", resource.name, `chart ${chart} is not one llmfleet pins`, "llmfleet does not know which images it pulls, so it cannot point them at the mirror", "install one of llmfleet's charts, or check its images yourself and waive this finding"));
    return found;
  }
  for (const image of pinned.images) {
    const expected = mirroredImageValue(image, registry);
    const actual = valueAt(resource.inputs["values"], image.key);
    if (actual === expected) continue;
    found.push(
      finding(
        "sources",
        resource.name,
        `chart ${chart} pulls ${image.source} (values ${image.key.join(".")} = ${typeof actual === "string" ? actual : "the chart's default"})`,
        `it is not on the mirror ${mirrorPrefix(registry)}`,
        `set ${image.key.join(".")} to ${expected} and copy the image there`,
      ),
    );
  }
  return found;
}

export function sourceFindings(resources: readonly DeployedResource[], registry: RegistryMirror | undefined): DeployabilityFinding[] {
  if (registry === undefined) return [];
  return resources.flatMap((resource): DeployabilityFinding[] => {
    if (resource.type === HELM_CHART) return chartFindings(resource, registry);
    if (isMpiOperatorManifest(resource) && text(resource.inputs["file"]) === MPI_OPERATOR.url) {
      return [
        finding(
          "sources",
          resource.name,
          `the ${MPI_OPERATOR.name} release manifest (${MPI_OPERATOR.url}) runs ${MPI_OPERATOR.image}`,
          `the image is not on the mirror ${mirrorPrefix(registry)}, and the manifest is read from GitHub`,
          `copy the manifest with its image pointed at ${mirroredImage(MPI_OPERATOR.image, registry)} and set registry.mpiOperatorManifest to the copy (docs/mirror.md)`,
        ),
      ];
    }
    return podImages(resource)
      .filter(({ image }) => !isOnMirror(image, registry))
      .map(({ where, image }) =>
        finding(
          "sources",
          resource.name,
          `${where} pulls ${image}`,
          `it is not on the mirror ${mirrorPrefix(registry)}, and a cn-* region may not reach ${sourceImage(image, undefined).split("/")[0] ?? "its registry"}`,
          `copy it to ${mirroredImage(image, registry)} and use that (leave a deployment's image unset and llmfleet pulls the engine's default from the mirror)`,
        ),
      );
  });
}
