import { describe, expect, it } from "vitest";
import { netpolDefaultDeny } from "../../src/policy/rules/index.js";
import { DEFAULT_DENY, k8s, NS, networkPolicy, SECURE_CONTEXT, violationsOf } from "./fixtures.js";

const FETCH_LABELS = { "app.kubernetes.io/name": "weights-fetch", "llmfleet.io/weights": "qwen" };

function fetchJob(ports: unknown[] = []) {
  return k8s("kubernetes:batch/v1:Job", {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "fetch-qwen", namespace: NS },
    spec: { template: { metadata: { labels: FETCH_LABELS }, spec: { restartPolicy: "Never", containers: [{ name: "fetch", image: "vllm/vllm-openai:v0.18.0", securityContext: SECURE_CONTEXT, ports }] } } },
  });
}

const ISOLATE_FETCH = networkPolicy("fetch-qwen", { podSelector: { matchLabels: FETCH_LABELS }, policyTypes: ["Ingress", "Egress"], ingress: [], egress: [{ ports: [{ protocol: "TCP", port: 443 }] }] });

describe("netpol-default-deny for a workload that serves nothing", () => {
  it("passes a portless Job selected by its own policy that admits no ingress", () => {
    expect(violationsOf(netpolDefaultDeny, [fetchJob(), DEFAULT_DENY, ISOLATE_FETCH])).toEqual([]);
  });

  it("passes it with only the namespace's default deny: a Job that declares no port listens on nothing", () => {
    expect(violationsOf(netpolDefaultDeny, [fetchJob(), DEFAULT_DENY])).toEqual([]);
  });

  it("still fails a Job that exposes a port behind a policy that admits nothing", () => {
    expect(violationsOf(netpolDefaultDeny, [fetchJob([{ containerPort: 8080 }]), DEFAULT_DENY, ISOLATE_FETCH])[0]?.message).toContain("no NetworkPolicy allows ingress to Job llm-serving/fetch-qwen");
  });
});
