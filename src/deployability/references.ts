/**
 * References: every Secret and ConfigMap an object names — a Gateway's TLS `credentialName` (or a
 * Gateway API listener's `certificateRefs`), a
 * pod's env, envFrom, volumes and imagePullSecrets, a node pool's Terway configuration — is created by the stack or declared as created
 * outside it, with the command that creates it. A missing one leaves the pod in
 * CreateContainerConfigError (or the gateway serving no certificate) with nothing in the preview to say why.
 * Likewise every PersistentVolumeClaim a pod mounts is created by the stack in the pod's namespace,
 * and a static claim's `volumeName` names a PersistentVolume the stack creates: otherwise the pod
 * stays Pending on an unbound claim.
 */
import { TERWAY_CONFIG_LABEL } from "../cluster/terwayErdma.js";
import { kubernetesObjectOf } from "../policy/kubernetes.js";
import { podTemplatesOf } from "../policy/podTemplates.js";
import { finding, type DeployabilityContext, type DeployabilityFinding, type DeployedResource } from "./types.js";

interface Reference {
  readonly kind: "Secret" | "ConfigMap";
  readonly namespace: string;
  readonly name: string;
  readonly by: string;
  readonly resource: string;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null) : [];
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function podReferences(resource: DeployedResource): Reference[] {
  return podTemplatesOf({ type: resource.type, name: resource.name, props: resource.inputs }).flatMap((template) => {
    const namespace = template.object.namespace ?? "default";
    const ref = (kind: Reference["kind"], name: unknown, what: string): Reference[] => (typeof name === "string" ? [{ kind, namespace, name, by: `${template.where} ${what}`, resource: resource.name }] : []);
    const containers = [...records(template.spec["containers"]), ...records(template.spec["initContainers"])];
    return [
      ...records(template.spec["imagePullSecrets"]).flatMap((s) => ref("Secret", s["name"], "imagePullSecrets")),
      ...records(template.spec["volumes"]).flatMap((v) => [...ref("Secret", field(v["secret"], "secretName"), `volume ${String(v["name"])}`), ...ref("ConfigMap", field(v["configMap"], "name"), `volume ${String(v["name"])}`)]),
      ...containers.flatMap((c) => [
        ...records(c["env"]).flatMap((e) => [
          ...ref("Secret", field(field(e["valueFrom"], "secretKeyRef"), "name"), `env ${String(e["name"])}`),
          ...ref("ConfigMap", field(field(e["valueFrom"], "configMapKeyRef"), "name"), `env ${String(e["name"])}`),
        ]),
        ...records(c["envFrom"]).flatMap((e) => [...ref("Secret", field(e["secretRef"], "name"), "envFrom"), ...ref("ConfigMap", field(e["configMapRef"], "name"), "envFrom")]),
      ]),
    ];
  });
}

function gatewayReferences(resource: DeployedResource): Reference[] {
  const object = kubernetesObjectOf({ type: resource.type, name: resource.name, props: resource.inputs });
  if (object?.kind === "Gateway" && object.apiVersion.startsWith("gateway.networking.k8s.io/")) {
    // Gateway API: each HTTPS listener's certificateRefs, Secrets of the Gateway's namespace unless
    // a ref names another (gateway-api v1.4.0 `GatewayTLSConfig.certificateRefs`).
    return records(field(object.body["spec"], "listeners")).flatMap((listener) =>
      records(field(listener["tls"], "certificateRefs")).flatMap((ref) => {
        const name = ref["name"];
        const kind = ref["kind"] ?? "Secret";
        const namespace = typeof ref["namespace"] === "string" ? ref["namespace"] : (object.namespace ?? "default");
        return typeof name === "string" && kind === "Secret" ? [{ kind: "Secret" as const, namespace, name, by: `${object.ref} listener ${String(listener["name"])} TLS credentialName`, resource: resource.name }] : [];
      }),
    );
  }
  if (object?.kind !== "Gateway" || !object.apiVersion.startsWith("networking.istio.io/")) return [];
  // The gateway pods read the credential from their own namespace (istio-system).
  return records(field(object.body["spec"], "servers")).flatMap((server) => {
    const name = field(server["tls"], "credentialName");
    return typeof name === "string" ? [{ kind: "Secret" as const, namespace: object.namespace ?? "istio-system", name, by: `${object.ref} TLS credentialName`, resource: resource.name }] : [];
  });
}

/**
 * A node pool's `terway-config` label names the kube-system ConfigMap Terway merges over its
 * `eni-config` on those nodes (Terway v1.17.5 types/daemon/dynamicconfig.go); when it is missing,
 * Terway cannot read its configuration there and the nodes' pods get no network.
 */
function nodePoolReferences(resource: DeployedResource): Reference[] {
  if (resource.type !== "alicloud:cs/nodePool:NodePool") return [];
  return records(resource.inputs["labels"]).flatMap((label) =>
    label["key"] === TERWAY_CONFIG_LABEL && typeof label["value"] === "string"
      ? [{ kind: "ConfigMap" as const, namespace: "kube-system", name: label["value"], by: `node pool ${String(resource.inputs["nodePoolName"])} label ${TERWAY_CONFIG_LABEL} (Terway's node configuration)`, resource: resource.name }]
      : [],
  );
}

/** The command that usually creates what is referenced, for the fix. */
function creationCommand(ref: Reference): string {
  if (ref.kind === "ConfigMap") return `kubectl create configmap ${ref.name} -n ${ref.namespace} --from-file=…`;
  if (ref.by.endsWith("imagePullSecrets")) return `kubectl create secret docker-registry ${ref.name} -n ${ref.namespace} --docker-server=<registry host> --docker-username=… --docker-password=…`;
  if (ref.by.endsWith("TLS credentialName")) return `kubectl create secret tls ${ref.name} -n ${ref.namespace} --cert=… --key=…`;
  return `kubectl create secret generic ${ref.name} -n ${ref.namespace} --from-literal=…`;
}

export function referenceFindings(resources: readonly DeployedResource[], context: DeployabilityContext): DeployabilityFinding[] {
  const created = new Set(
    resources.flatMap((r) => {
      const object = kubernetesObjectOf({ type: r.type, name: r.name, props: r.inputs });
      return object !== undefined && (object.kind === "Secret" || object.kind === "ConfigMap") ? [`${object.kind}/${object.namespace ?? "default"}/${object.name}`] : [];
    }),
  );
  const external = new Set(context.externalObjects.map((o) => `${o.kind}/${o.namespace}/${o.name}`));
  const seen = new Set<string>();
  return resources
    .flatMap((r) => [...podReferences(r), ...gatewayReferences(r), ...nodePoolReferences(r)])
    .filter((ref) => {
      const key = `${ref.kind}/${ref.namespace}/${ref.name}`;
      if (created.has(key) || external.has(key) || seen.has(`${key}|${ref.by}`)) return false;
      seen.add(`${key}|${ref.by}`);
      return true;
    })
    .map((ref) =>
      finding(
        "references",
        ref.resource,
        `${ref.by} names ${ref.kind} ${ref.namespace}/${ref.name}`,
        "the stack does not create it and does not declare it as created outside the stack",
        `create it in the stack, or declare it under externalObjects with the command that creates it (e.g. ${creationCommand(ref)})`,
      ),
    );
}

function objectsOf(resources: readonly DeployedResource[]) {
  return resources.flatMap((r) => {
    const object = kubernetesObjectOf({ type: r.type, name: r.name, props: r.inputs });
    return object === undefined ? [] : [{ resource: r, object }];
  });
}

/** Claims pods mount and volumes static claims bind to, each created by the stack. */
export function claimFindings(resources: readonly DeployedResource[]): DeployabilityFinding[] {
  const objects = objectsOf(resources);
  const claims = new Set(objects.filter(({ object }) => object.kind === "PersistentVolumeClaim").map(({ object }) => `${object.namespace ?? "default"}/${object.name}`));
  const volumes = new Set(objects.filter(({ object }) => object.kind === "PersistentVolume").map(({ object }) => object.name));
  const seen = new Set<string>();
  const unmounted = resources.flatMap((resource) =>
    podTemplatesOf({ type: resource.type, name: resource.name, props: resource.inputs }).flatMap((template) =>
      records(template.spec["volumes"]).flatMap((volume) => {
        const claimName = field(volume["persistentVolumeClaim"], "claimName");
        const key = `${template.object.namespace ?? "default"}/${String(claimName)}`;
        if (typeof claimName !== "string" || claims.has(key) || seen.has(`${key}|${template.where}`)) return [];
        seen.add(`${key}|${template.where}`);
        return [
          finding(
            "references",
            resource.name,
            `${template.where} volume ${String(volume["name"])} mounts PersistentVolumeClaim ${key}`,
            "the stack does not create it, so the pod stays Pending",
            "let the stack create it: ModelStorage for the weights, BatchOutput (batchJob.output) for a batch job's results",
          ),
        ];
      }),
    ),
  );
  const unbound = objects.flatMap(({ resource, object }) => {
    const volumeName = field(object.body["spec"], "volumeName");
    if (object.kind !== "PersistentVolumeClaim" || typeof volumeName !== "string" || volumes.has(volumeName)) return [];
    return [
      finding(
        "references",
        resource.name,
        `${object.ref} binds to PersistentVolume ${volumeName}`,
        "the stack does not create that volume, so the claim never binds and every pod that mounts it stays Pending",
        "create the PersistentVolume in the stack beside its claim (ModelStorage, BatchOutput)",
      ),
    ];
  });
  return [...unmounted, ...unbound];
}
