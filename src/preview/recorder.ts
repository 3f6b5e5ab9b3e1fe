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
}

/** The subset of the gRPC RegisterResourceRequest that recording needs. */
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

class RecordingMonitor extends MockMonitor {
  readonly recorded: RecordedResource[] = [];

  override async registerResource(request: RegisterResourceRequest, callback: (error: unknown, response: unknown) => void): Promise<void> {
    const type = request.getType();
    const name = request.getName();
    const parent = request.getParent();
    const decoded = decodeInputs(request.getObject()?.toJavaScript() ?? {});
    const urn = parent
      ? `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${parent.split("::")[2] ?? ""}$${type}::${name}`
      : `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${type}::${name}`;
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
    });
    return super.registerResource(request, callback);
  }
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
  const monitor = new RecordingMonitor({
    newResource: (args) => ({
      id: args.custom === false ? undefined : `${args.name}-id`,
      state: { ...args.inputs, ...fakeResourceState(args.type, args.name, args.inputs) },
    }),
    call: (args) => fakeCallResult(args.token, args.inputs),
  });
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
