/**
 * What the pinned charts render, as a real `pulumi preview` registers it: each object a child of its
 * `kubernetes:helm.sh/v4:Chart`, named `<chart resource>:<namespace>/<name>` (pulumi-kubernetes
 * `provider/pkg/provider/yaml/v2/yaml.go`). The objects carry the fields the policy rules read —
 * pod and container security contexts, host namespaces and volumes, env, Service types, the
 * Prometheus and Alertmanager resources and Alertmanager's configuration Secret — as the chart
 * templates write them from their defaults and llmfleet's values. Templates read: kube-prometheus-stack
 * 88.5.3 (with prometheus-node-exporter 4.56.1, kube-state-metrics 8.4.0, grafana 12.11.1),
 * dcgm-exporter 4.8.2, Istio 1.29.2 (base, istiod, gateway).
 */
import { stringify } from "yaml";
import type { PolicyResource } from "../../src/policy/index.js";

type Props = Record<string, unknown>;
/** A rendered Kubernetes object. */
type RenderedObject = Props & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: unknown } };

/** A Helm chart resource as the program registered it (the offline preview records it with its values). */
export interface ChartRelease {
  /** URN of the `kubernetes:helm.sh/v4:Chart` resource. */
  readonly urn: string;
  /** Its Pulumi name, the prefix of its children's names. */
  readonly name: string;
  readonly chart: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly values: Props;
}

function isProps(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function valueAt(values: Props, ...path: string[]): unknown {
  let current: unknown = values;
  for (const key of path) current = isProps(current) ? current[key] : undefined;
  return current;
}

/** The Pulumi type token of a Kubernetes object (`v1` → `core/v1`). */
function typeOf(apiVersion: string, kind: string): string {
  return `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
}

const CLUSTER_SCOPED = new Set(["ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]);

/** One rendered object as the engine registers it under its chart. */
function child(release: ChartRelease, object: RenderedObject): PolicyResource {
  const type = typeOf(object.apiVersion, object.kind);
  const namespaced = !CLUSTER_SCOPED.has(object.kind);
  const namespace = object.metadata.namespace ?? release.namespace;
  const metadata = namespaced ? { ...object.metadata, namespace } : object.metadata;
  const name = `${release.name}:${namespaced ? `${namespace}/` : ""}${object.metadata.name}`;
  // `urn:pulumi:<stack>::<project>::<parent types>::<chart>` → the child's type chain extends the chart's.
  const parentTypes = release.urn.slice(0, release.urn.lastIndexOf("::"));
  return { type, name, urn: `${parentTypes}$${type}::${name}`, props: { ...object, metadata } };
}

const RESTRICTED = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
const NOBODY = { fsGroup: 65534, runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } };

function labels(chart: string, version: string, name: string, release: string): Record<string, string> {
  return { "helm.sh/chart": `${chart}-${version}`, "app.kubernetes.io/name": name, "app.kubernetes.io/instance": release, "app.kubernetes.io/managed-by": "Helm" };
}

function workload(kind: "Deployment" | "DaemonSet" | "Job", name: string, objectLabels: Record<string, string>, spec: Props): RenderedObject {
  const podSpec = { template: { metadata: { labels: objectLabels }, spec } };
  return {
    apiVersion: kind === "Job" ? "batch/v1" : "apps/v1",
    kind,
    metadata: { name, labels: objectLabels },
    spec: kind === "Job" ? podSpec : { selector: { matchLabels: { "app.kubernetes.io/name": objectLabels["app.kubernetes.io/name"] } }, ...podSpec },
  };
}

function service(name: string, type: string, objectLabels: Record<string, string>, extra: Props = {}): RenderedObject {
  const { annotations, ...spec } = extra as { annotations?: Record<string, string> };
  return { apiVersion: "v1", kind: "Service", metadata: { name, labels: objectLabels, ...(annotations ? { annotations } : {}) }, spec: { type, selector: { "app.kubernetes.io/name": objectLabels["app.kubernetes.io/name"] }, ...spec } };
}

/** kube-prometheus-stack 88.5.3 with its dependencies, from llmfleet's values. */
function kubePrometheusStack(release: ChartRelease): PolicyResource[] {
  const r = release.releaseName;
  const values = release.values;
  const kps = (name: string): Record<string, string> => ({ ...labels("kube-prometheus-stack", "90.0.0", name, r), app: `kube-prometheus-stack-${name}`, release: r });
  const serviceType = (component: string): string => (valueAt(values, component, "service", "type") as string | undefined) ?? "ClusterIP";
  const alertmanager = (valueAt(values, "alertmanager") ?? {}) as Props;
  const objects: RenderedObject[] = [
    // templates/prometheus-operator/deployment.yaml
    workload("Deployment", `${r}-operator`, kps("operator"), {
      automountServiceAccountToken: true,
      serviceAccountName: `${r}-operator`,
      securityContext: NOBODY,
      containers: [{ name: "kube-prometheus-stack", image: "quay.io/prometheus-operator/prometheus-operator:v0.93.1", args: ["--kubelet-service=kube-system/kube-prometheus-stack-kubelet", "--localhost=127.0.0.1", "--web.enable-tls=true"], securityContext: RESTRICTED }],
      volumes: [{ name: "tls-secret", secret: { secretName: `${r}-admission` } }],
    }),
    // templates/prometheus-operator/admission-webhooks/job-patch/job-{createSecret,patchWebhook}.yaml (Pulumi renders Helm hooks as ordinary objects)
    ...["create", "patch"].map((step) =>
      workload("Job", `${r}-admission-${step}`, kps("admission-webhook"), {
        restartPolicy: "OnFailure",
        serviceAccountName: `${r}-admission`,
        securityContext: { runAsGroup: 2000, runAsNonRoot: true, runAsUser: 2000, seccompProfile: { type: "RuntimeDefault" } },
        containers: [{ name: step, image: "ghcr.io/jkroepke/kube-webhook-certgen:1.8.7", args: [step, `--namespace=${release.namespace}`, `--secret-name=${r}-admission`], securityContext: RESTRICTED }],
      }),
    ),
    // charts/kube-state-metrics/templates/deployment.yaml
    workload("Deployment", `${r}-kube-state-metrics`, labels("kube-state-metrics", "8.4.0", "kube-state-metrics", r), {
      automountServiceAccountToken: true,
      hostNetwork: false,
      serviceAccountName: `${r}-kube-state-metrics`,
      securityContext: NOBODY,
      containers: [{ name: "kube-state-metrics", image: "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.18.0", args: ["--port=8080"], securityContext: RESTRICTED }],
    }),
    // charts/prometheus-node-exporter/templates/daemonset.yaml: host network and PID, /proc, /sys and / read-only
    workload("DaemonSet", `${r}-prometheus-node-exporter`, { ...labels("prometheus-node-exporter", "4.56.1", "prometheus-node-exporter", r), jobLabel: "node-exporter" }, {
      automountServiceAccountToken: false,
      serviceAccountName: `${r}-prometheus-node-exporter`,
      securityContext: { fsGroup: 65534, runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
      hostNetwork: true,
      hostPID: true,
      hostIPC: false,
      tolerations: [{ effect: "NoSchedule", operator: "Exists" }],
      containers: [
        {
          name: "node-exporter",
          image: "quay.io/prometheus/node-exporter:v1.10.2-distroless",
          args: ["--path.procfs=/host/proc", "--path.sysfs=/host/sys", "--path.rootfs=/host/root", "--web.listen-address=[$(HOST_IP)]:9100"],
          securityContext: valueAt(values, "prometheus-node-exporter", "containerSecurityContext") ?? { readOnlyRootFilesystem: true },
          env: [{ name: "HOST_IP", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "status.hostIP" } } }],
          ports: [{ name: "http-metrics", containerPort: 9100, protocol: "TCP" }],
          volumeMounts: [
            { name: "proc", mountPath: "/host/proc", readOnly: true },
            { name: "sys", mountPath: "/host/sys", readOnly: true },
            { name: "root", mountPath: "/host/root", mountPropagation: "HostToContainer", readOnly: true },
          ],
        },
      ],
      volumes: [
        { name: "proc", hostPath: { path: "/proc" } },
        { name: "sys", hostPath: { path: "/sys" } },
        { name: "root", hostPath: { path: "/" } },
      ],
    }),
    // charts/grafana/templates/_pod.tpl: two config sidecars and Grafana, admin from the existing Secret
    workload("Deployment", `${r}-grafana`, labels("grafana", "12.11.1", "grafana", r), {
      automountServiceAccountToken: true,
      serviceAccountName: `${r}-grafana`,
      securityContext: { runAsNonRoot: true, runAsUser: 472, runAsGroup: 472, fsGroup: 472 },
      containers: [
        ...["grafana-sc-dashboard", "grafana-sc-datasources"].map((name) => ({
          name,
          image: "quay.io/kiwigrid/k8s-sidecar:2.1.2",
          env: [
            { name: "REQ_USERNAME", valueFrom: { secretKeyRef: { name: valueAt(values, "grafana", "admin", "existingSecret"), key: "admin-user" } } },
            { name: "REQ_PASSWORD", valueFrom: { secretKeyRef: { name: valueAt(values, "grafana", "admin", "existingSecret"), key: "admin-password" } } },
          ],
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
        })),
        {
          name: "grafana",
          image: "docker.io/grafana/grafana:13.2.1",
          env: [
            { name: "GF_SECURITY_ADMIN_USER", valueFrom: { secretKeyRef: { name: valueAt(values, "grafana", "admin", "existingSecret"), key: "admin-user" } } },
            { name: "GF_SECURITY_ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: valueAt(values, "grafana", "admin", "existingSecret"), key: "admin-password" } } },
          ],
          securityContext: { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
        },
      ],
      volumes: [{ name: "config", configMap: { name: `${r}-grafana` } }, { name: "storage", emptyDir: {} }, { name: "sc-dashboard-volume", emptyDir: {} }],
    }),
    service(`${r}-operator`, serviceType("prometheusOperator"), kps("operator")),
    service(`${r}-prometheus`, serviceType("prometheus"), kps("prometheus")),
    service(`${r}-alertmanager`, serviceType("alertmanager"), kps("alertmanager")),
    service(`${r}-grafana`, serviceType("grafana"), labels("grafana", "12.11.1", "grafana", r)),
    service(`${r}-kube-state-metrics`, "ClusterIP", labels("kube-state-metrics", "8.4.0", "kube-state-metrics", r)),
    service(`${r}-prometheus-node-exporter`, serviceType("prometheus-node-exporter"), labels("prometheus-node-exporter", "4.56.1", "prometheus-node-exporter", r)),
    // templates/exporters/core-dns/service.yaml, in kube-system
    { ...service(`${r}-coredns`, "ClusterIP", kps("coredns"), { clusterIP: "None" }), metadata: { name: `${r}-coredns`, namespace: "kube-system", labels: kps("coredns") } },
    // templates/prometheus/prometheus.yaml and templates/alertmanager/alertmanager.yaml
    { apiVersion: "monitoring.coreos.com/v1", kind: "Prometheus", metadata: { name: `${r}-prometheus`, labels: kps("prometheus") }, spec: { ...(valueAt(values, "prometheus", "prometheusSpec") as Props), serviceAccountName: `${r}-prometheus` } },
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "Alertmanager",
      metadata: { name: `${r}-alertmanager`, labels: kps("alertmanager") },
      spec: { ...((valueAt(alertmanager, "alertmanagerSpec") as Props | undefined) ?? {}), serviceAccountName: `${r}-alertmanager` },
    },
    // templates/alertmanager/secret.yaml: `alertmanager.yaml: {{ toYaml .Values.alertmanager.config | b64enc }}`
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: `alertmanager-${r}-alertmanager`, labels: kps("alertmanager") },
      data: { "alertmanager.yaml": Buffer.from(stringify(valueAt(alertmanager, "config") ?? {})).toString("base64") },
    },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: `${r}-operator`, labels: kps("operator") }, automountServiceAccountToken: true },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: `${r}-operator`, labels: kps("operator") },
      rules: [{ apiGroups: ["monitoring.coreos.com"], resources: ["alertmanagers", "prometheuses", "prometheusrules", "servicemonitors", "podmonitors"], verbs: ["*"] }],
    },
  ];
  return objects.map((object) => child(release, object));
}

/** dcgm-exporter 4.8.2's deployment/templates, from llmfleet's values. */
function dcgmExporter(release: ChartRelease): PolicyResource[] {
  const objectLabels = { ...labels("dcgm-exporter", "4.8.3", "dcgm-exporter", release.releaseName), "app.kubernetes.io/component": "dcgm-exporter" };
  const values = release.values;
  return [
    workload("DaemonSet", "dcgm-exporter", objectLabels, {
      priorityClassName: "system-node-critical",
      hostPID: false,
      serviceAccountName: "dcgm-exporter",
      automountServiceAccountToken: false,
      affinity: valueAt(values, "affinity"),
      tolerations: valueAt(values, "tolerations"),
      volumes: [
        { name: "pod-gpu-resources", hostPath: { path: "/var/lib/kubelet/pod-resources" } },
        { name: "exporter-metrics-volume", configMap: { name: "exporter-metrics-config-map", items: [{ key: "metrics", path: "default-counters.csv" }] } },
      ],
      containers: [
        {
          name: "exporter",
          // values.yaml securityContext, which llmfleet keeps: root for the pod-resources socket, SYS_ADMIN for profiling counters.
          securityContext: { runAsNonRoot: false, runAsUser: 0, capabilities: { add: ["SYS_ADMIN"], drop: ["ALL"] }, allowPrivilegeEscalation: false },
          image: "nvcr.io/nvidia/k8s/dcgm-exporter:4.6.0-4.8.3-distroless",
          args: ["-f", "/etc/dcgm-exporter/default-counters.csv"],
          env: [
            { name: "DCGM_EXPORTER_KUBERNETES", value: "true" },
            { name: "DCGM_EXPORTER_LISTEN", value: ":9400" },
            { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
          ],
          ports: [{ name: "metrics", containerPort: 9400 }],
          volumeMounts: [
            { name: "pod-gpu-resources", readOnly: true, mountPath: "/var/lib/kubelet/pod-resources" },
            { name: "exporter-metrics-volume", mountPath: "/etc/dcgm-exporter/default-counters.csv", subPath: "default-counters.csv" },
          ],
          livenessProbe: { httpGet: { path: "/health", port: 9400, scheme: "HTTP" }, initialDelaySeconds: 45, periodSeconds: 5 },
          readinessProbe: { httpGet: { path: "/health", port: 9400, scheme: "HTTP" }, initialDelaySeconds: 45 },
        },
      ],
    }),
    service("dcgm-exporter", (valueAt(values, "service", "type") as string | undefined) ?? "ClusterIP", objectLabels, { ports: [{ name: "metrics", port: 9400 }] }),
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "exporter-metrics-config-map", labels: objectLabels }, data: { metrics: valueAt(values, "customMetrics") } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "dcgm-exporter", labels: objectLabels } },
  ].map((object) => child(release, object as RenderedObject));
}

const ISTIO_LABELS = (app: string): Record<string, string> => ({ app, "app.kubernetes.io/name": app, "app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": `${app}-1.29.2`, "install.operator.istio.io/owning-resource": "unknown" });

function istioBase(release: ChartRelease): PolicyResource[] {
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "istio-reader-service-account", labels: ISTIO_LABELS("istio-reader") } },
    { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration", metadata: { name: "istiod-default-validator", labels: ISTIO_LABELS("istiod") }, webhooks: [] },
  ].map((object) => child(release, object));
}

/** istio-control/istio-discovery templates/deployment.yaml and friends. */
function istiod(release: ChartRelease): PolicyResource[] {
  const objectLabels = { ...ISTIO_LABELS("istiod"), istio: "pilot" };
  return [
    workload("Deployment", "istiod", objectLabels, {
      serviceAccountName: "istiod",
      tolerations: [{ key: "cni.istio.io/not-ready", operator: "Exists" }],
      containers: [
        {
          name: "discovery",
          image: "docker.io/istio/pilot:1.29.2",
          args: ["discovery", "--monitoringAddr=:15014", "--log_output_level=default:info", "--domain", "cluster.local", "--keepaliveMaxServerConnectionAge", "30m"],
          env: [{ name: "REVISION", value: "default" }, { name: "PILOT_CERT_PROVIDER", value: "istiod" }, { name: "KUBECONFIG", value: "/var/run/secrets/remote/config" }, { name: "CLUSTER_ID", value: "Kubernetes" }],
          readinessProbe: { httpGet: { path: "/ready", port: 8080 }, initialDelaySeconds: 1, periodSeconds: 3, timeoutSeconds: 5 },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
        },
      ],
      volumes: [{ name: "istio-token", projected: { sources: [{ serviceAccountToken: { audience: "istio-ca", expirationSeconds: 43200, path: "istio-token" } }] } }, { name: "local-certs", emptyDir: { medium: "Memory" } }],
    }),
    service("istiod", "ClusterIP", objectLabels, { ports: [{ name: "grpc-xds", port: 15010 }, { name: "https-dns", port: 15012 }, { name: "https-webhook", port: 443 }, { name: "http-monitoring", port: 15014 }] }),
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "istiod", labels: objectLabels },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "istiod" }, minReplicas: 2, maxReplicas: 5, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }] },
    },
    { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "istiod", labels: objectLabels }, spec: { minAvailable: 1, selector: { matchLabels: { app: "istiod", istio: "pilot" } } } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "istiod", labels: objectLabels } },
  ].map((object) => child(release, object as RenderedObject));
}

/** gateway templates/deployment.yaml and service.yaml, from llmfleet's values. */
function istioGateway(release: ChartRelease): PolicyResource[] {
  const name = release.releaseName;
  const objectLabels = { ...ISTIO_LABELS(name), istio: name.replace(/^istio-/, "") };
  const service = (release.values["service"] ?? {}) as Props;
  return [
    workload("Deployment", name, objectLabels, {
      serviceAccountName: name,
      securityContext: { sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] },
      containers: [
        {
          name: "istio-proxy",
          // "auto": the injection webhook fills in the proxy image at admission.
          image: "auto",
          securityContext: { capabilities: { drop: ["ALL"] }, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsUser: 1337, runAsGroup: 1337, runAsNonRoot: true },
          ports: [{ containerPort: 15090, protocol: "TCP", name: "http-envoy-prom" }],
        },
      ],
    }),
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, labels: objectLabels, annotations: service["annotations"] },
      spec: { type: service["type"] ?? "LoadBalancer", selector: { app: name, istio: objectLabels.istio }, ports: service["ports"] },
    },
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name, labels: objectLabels },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name }, minReplicas: 2, maxReplicas: 5, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }] },
    },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, labels: objectLabels } },
  ].map((object) => child(release, object as RenderedObject));
}

/**
 * LeaderWorkerSet 0.7.0 (kubernetes-sigs/lws charts/lws/templates at v0.7.0: manager/deployment.yaml,
 * manager/service.yaml, webhook/service.yaml, rbac/serviceaccount.yaml), from llmfleet's values: the
 * controller runs non-root with every capability dropped and a read-only root (values.yaml).
 */
function leaderWorkerSet(release: ChartRelease): PolicyResource[] {
  const objectLabels = { ...labels("lws", "0.7.0", "lws", release.releaseName), "control-plane": "controller-manager" };
  const image = (valueAt(release.values, "image", "manager") ?? {}) as Props;
  const pullSecrets = valueAt(release.values, "imagePullSecrets");
  return [
    workload("Deployment", "lws-controller-manager", objectLabels, {
      ...(pullSecrets === undefined ? {} : { imagePullSecrets: pullSecrets }),
      serviceAccountName: "lws-controller-manager",
      securityContext: { runAsNonRoot: true },
      terminationGracePeriodSeconds: 10,
      containers: [
        {
          name: "manager",
          command: ["/manager"],
          args: ["--config=/controller_manager_config.yaml", "--zap-log-level=2"],
          image: `${String(image["repository"])}:${String(image["tag"])}`,
          imagePullPolicy: image["pullPolicy"],
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
          ports: [{ name: "webhook-server", containerPort: 9443, protocol: "TCP" }],
          livenessProbe: { httpGet: { path: "/healthz", port: 8081 }, initialDelaySeconds: 15, periodSeconds: 20 },
          readinessProbe: { httpGet: { path: "/readyz", port: 8081 }, initialDelaySeconds: 5, periodSeconds: 10 },
          resources: { requests: { cpu: 1, memory: "1Gi" } },
          volumeMounts: [
            { name: "manager-config", subPath: "controller_manager_config.yaml", mountPath: "/controller_manager_config.yaml" },
            { name: "cert", mountPath: "/tmp/k8s-webhook-server/serving-certs", readOnly: true },
          ],
        },
      ],
      volumes: [
        { name: "manager-config", configMap: { name: "lws-manager-config" } },
        { name: "cert", secret: { defaultMode: 420, secretName: "lws-webhook-server-cert" } },
      ],
    }),
    service("lws-webhook-service", "ClusterIP", objectLabels, { ports: [{ port: 443, targetPort: 9443, protocol: "TCP" }] }),
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "lws-controller-manager", labels: objectLabels } },
  ].map((object) => child(release, object as RenderedObject));
}

const RENDERERS: Readonly<Record<string, (release: ChartRelease) => PolicyResource[]>> = {
  "oci://registry.k8s.io/lws/charts/lws": leaderWorkerSet,
  "kube-prometheus-stack": kubePrometheusStack,
  "dcgm-exporter": dcgmExporter,
  base: istioBase,
  istiod,
  gateway: istioGateway,
};

/** The objects a chart release renders; throws for a chart without a fixture, so a new chart cannot slip past the tests. */
export function renderChart(release: ChartRelease): PolicyResource[] {
  const render = RENDERERS[release.chart];
  if (render === undefined) throw new Error(`no rendering fixture for chart ${release.chart}: read its templates at the pinned version and add one`);
  return render(release);
}
