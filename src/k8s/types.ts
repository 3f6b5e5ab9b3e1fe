/** A Kubernetes object as plain data: what the pure builders return and the components apply. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

/** `apiVersion/kind`, e.g. `apps/v1/Deployment`: the key schemas and policy rules are looked up by. */
export function objectType(object: Pick<KubernetesObject, "apiVersion" | "kind">): string {
  return `${object.apiVersion}/${object.kind}`;
}

/** `Kind namespace/name` for messages. */
export function objectRef(object: KubernetesObject): string {
  const namespace = object.metadata.namespace ? `${object.metadata.namespace}/` : "";
  return `${object.kind} ${namespace}${object.metadata.name}`;
}
