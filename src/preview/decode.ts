/**
 * Decodes Pulumi's wire form of resource inputs (as the engine would receive them) into plain data,
 * keeping track of which values are secret so that the offline preview can redact them.
 */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Shown in place of a secret value. */
export const REDACTED = "[secret]";
/** Shown in place of a value that is only known after deployment. */
export const COMPUTED = "[computed]";

export interface DecodedInputs {
  /** Inputs with secrets replaced by `[secret]` and unknowns by `[computed]`: safe to print. */
  readonly redacted: Record<string, unknown>;
  /** Inputs with secrets in plain text: for tests only, never printed. */
  readonly plain: Record<string, unknown>;
  /** Dotted paths of the secret values. */
  readonly secretPaths: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Replaces every leaf of a secret value, keeping its shape (a secret map stays a map, so manifests stay valid). */
function redacted(value: unknown, path: string, secretPaths: string[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => redacted(item, `${path}[${index}]`, secretPaths));
  if (isRecord(value) && value[SIG_KEY] === undefined) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redacted(item, path === "" ? key : `${path}.${key}`, secretPaths)]));
  }
  secretPaths.push(path);
  return REDACTED;
}

function decode(value: unknown, path: string, secretPaths: string[], redact: boolean): unknown {
  if (value === UNKNOWN) return COMPUTED;
  if (Array.isArray(value)) return value.map((item, index) => decode(item, `${path}[${index}]`, secretPaths, redact));
  if (!isRecord(value)) return value;
  const sig = value[SIG_KEY];
  if (sig === SECRET_SIG || (sig === OUTPUT_SIG && value["secret"] === true)) {
    const inner = "value" in value ? decode(value["value"], path, [], false) : COMPUTED;
    return redact ? redacted(inner, path, secretPaths) : inner;
  }
  if (sig === OUTPUT_SIG) return "value" in value ? decode(value["value"], path, secretPaths, redact) : COMPUTED;
  if (sig === RESOURCE_SIG) return value["urn"];
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = decode(item, path === "" ? key : `${path}.${key}`, secretPaths, redact);
  return out;
}

export function decodeInputs(raw: Record<string, unknown>): DecodedInputs {
  const secretPaths: string[] = [];
  const redacted = decode(raw, "", secretPaths, true) as Record<string, unknown>;
  const plain = decode(raw, "", [], false) as Record<string, unknown>;
  return { redacted, plain, secretPaths };
}
