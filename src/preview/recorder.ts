import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks.js";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings.js";
import * as runtimeState from "@pulumi/pulumi/runtime/state.js";
import { decodeInputs } from "./decode.js";
import { fakeCallResult, fakeResourceState } from "./fakeOutputs.js";

/** One resource the program registered, as the Pulumi engine would have received it. */
export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** URN of the parent resource; null for resources directly under the stack. */
  readonly parentUrn: string | null;
  /** Provider reference (`<urn>::<id>`) passed explicitly, or null for the default provider. */
  readonly provider: string | null;
  readonly custom: boolean;
  /** Inputs with secrets redacted and unknowns marked: safe to print. */
  readonly inputs: Record<string, unknown>;
  /** Inputs with secrets in plain text: for assertions in tests, never printed. */
  readonly plainInputs: Record<string, unknown>;
  /** Dotted paths of secret inputs. */
  readonly secretPaths: readonly string[];
  /**
   * URNs the resource answers to besides its own (its `aliases`, and those it inherits from its
   * parent's aliases, as the engine computes them): a resource that moved keeps its state.
   */
  readonly aliasUrns: readonly string[];
  /** URNs of the resources it waits for: explicit `dependsOn` and every resource its inputs came from. */
  readonly dependencies: readonly string[];
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
}

interface AliasSpec {
  getName(): string;
  getType(): string;
  hasParenturn(): boolean;
  getParenturn(): string;
  hasNoparent(): boolean;
  getNoparent(): boolean;
}

interface AliasMessage {
  hasUrn(): boolean;
  getUrn(): string;
  getSpec(): AliasSpec | undefined;
}

/** The subset of the gRPC RegisterResourceRequest that recording needs. */
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getAliasesList(): AliasMessage[];
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(callback: (value: { getUrnsList(): string[] }, key: string) => void): void };
  getProtect(): boolean;
  getRetainondelete(): boolean;
}

/** A URN as the engine builds it: the parent's type chain, then the type and the name. */
function urnOf(type: string, name: string, parentUrn: string | null): string {
  const prefix = `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::`;
  const parentTypes = parentUrn === null ? "" : `${parentUrn.split("::")[2] ?? ""}$`;
  return `${prefix}${parentTypes}${type}::${name}`;
}

/** What the engine orders the resource after: its `dependsOn` and the sources of its inputs. */
function dependenciesOf(request: RegisterResourceRequest): string[] {
  const urns = new Set(request.getDependenciesList());
  request.getPropertydependenciesMap().forEach((value) => {
    for (const urn of value.getUrnsList()) urns.add(urn);
  });
  return [...urns].sort();
}

class RecordingMonitor extends MockMonitor {
  readonly recorded: RecordedResource[] = [];
  private readonly aliasesByUrn = new Map<string, readonly string[]>();

  /** The resource's own aliases, each also under every URN its parent answers to. */
  private aliasUrns(request: RegisterResourceRequest, parent: string | null): string[] {
    const parents = parent === null ? [null] : [parent, ...(this.aliasesByUrn.get(parent) ?? [])];
    const own = request.getAliasesList().flatMap((alias) => {
      if (alias.hasUrn()) return [alias.getUrn()];
      const spec = alias.getSpec();
      if (spec === undefined) return [];
      const type = spec.getType() || request.getType();
      const name = spec.getName() || request.getName();
      if (spec.hasNoparent() && spec.getNoparent()) return [urnOf(type, name, null)];
      if (spec.hasParenturn()) return [urnOf(type, name, spec.getParenturn())];
      return parents.map((p) => urnOf(type, name, p));
    });
    const inherited = parents.slice(1).map((p) => urnOf(request.getType(), request.getName(), p));
    return [...new Set([...own, ...inherited])];
  }

  constructor(mocks: ConstructorParameters<typeof MockMonitor>[0]) {
    super(mocks);
    // The SDK learns each resource's URN from the monitor and uses it in `dependencies` and parents.
    // MockMonitor keeps only the parent's last type; build it as the engine does (the whole parent
    // type chain), so that dependencies name the URNs recorded here. `newUrn` is private in the
    // typings, hence the assignment.
    Object.assign(this, { newUrn: (parent: string, type: string, name: string) => urnOf(type, name, parent || null) });
  }

  override async registerResource(request: RegisterResourceRequest, callback: (error: unknown, response: unknown) => void): Promise<void> {
    const type = request.getType();
    const name = request.getName();
    const parent = request.getParent();
    const decoded = decodeInputs(request.getObject()?.toJavaScript() ?? {});
    const urn = urnOf(type, name, parent || null);
    const aliasUrns = this.aliasUrns(request, parent || null);
    this.aliasesByUrn.set(urn, aliasUrns);
    this.recorded.push({
      urn,
      type,
      name,
      parentUrn: parent || null,
      provider: request.getProvider() || null,
      custom: request.getCustom(),
      inputs: decoded.redacted,
      plainInputs: decoded.plain,
      secretPaths: decoded.secretPaths,
      aliasUrns,
      dependencies: dependenciesOf(request),
      protect: request.getProtect(),
      retainOnDelete: request.getRetainondelete(),
    });
    return super.registerResource(request, callback);
  }
}

/**
 * Mocks for `pulumi.runtime.setMocks` that answer what llmfleet's components read from the cloud:
 * resources echo their inputs plus plausible computed outputs (ids end in `-id`, addresses are
 * documentation ranges), and the ACK lookups an existing cluster needs return a cluster.
 *
 * @example pulumi.runtime.setMocks(llmfleetMocks(), "project", "test", false);
 */
export function llmfleetMocks(): pulumi.runtime.Mocks {
  return {
    newResource: (args) => ({
      id: args.custom === false ? undefined : `${args.name}-id`,
      state: { ...args.inputs, ...fakeResourceState(args.type, args.name, args.inputs) },
    }),
    call: (args) => fakeCallResult(args.token, args.inputs),
  };
}

export interface MockSession {
  /** Every resource registered so far, in registration order. */
  readonly resources: readonly RecordedResource[];
}

/**
 * Points the Pulumi SDK at an in-process mock engine that records every resource. Resources get
 * their inputs echoed back plus plausible computed outputs, so programs run end to end without
 * credentials, a Pulumi CLI or provider plugins.
 */
export function startMockSession(project = "llmfleet", stack = "dev"): MockSession {
  const monitor = new RecordingMonitor(llmfleetMocks());
  pulumi.runtime.setMockOptions(monitor, project, stack, false);
  // The same engine features `pulumi.runtime.setMocks` enables: secrets must reach the monitor as
  // secrets so that they can be redacted.
  // `getStore` is exported by the SDK but marked internal, so it is missing from the typings.
  const { getStore } = runtimeState as unknown as { getStore: () => object };
  Object.assign(getStore(), {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: false,
  });
  return { resources: monitor.recorded };
}

/** Resolves an Output's value under mocks. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** Waits until every pending resource registration has been processed. */
export async function settle(): Promise<void> {
  // `waitForRPCs` is exported by the SDK but marked internal, so it is missing from the typings.
  const { waitForRPCs } = runtimeSettings as unknown as { waitForRPCs: () => Promise<void> };
  await waitForRPCs();
}
