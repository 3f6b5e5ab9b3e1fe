import { describe, expect, it } from "vitest";
import { parsePolicyConfig, UNKNOWN } from "../../src/policy/index.js";
import { drResilience, gatewayHosts, istioAuthz, istioMtlsStrict, noGenerationRetries } from "../../src/policy/rules/index.js";
import { ALLOW_CHAT, ALLOW_NOTHING, destinationRule, gateway, gpuDeployment, istio, JWT, STRICT_MTLS, violationsOf, virtualService } from "./fixtures.js";

describe("istio-mtls-strict", () => {
  it("passes a mesh-wide STRICT PeerAuthentication", () => {
    expect(violationsOf(istioMtlsStrict, [gpuDeployment(), STRICT_MTLS])).toEqual([]);
  });

  it("has nothing to say about a stack without a mesh", () => {
    expect(violationsOf(istioMtlsStrict, [gpuDeployment()])).toEqual([]);
  });

  it("counts an istiod chart as a mesh", () => {
    const istiod = { type: "kubernetes:helm.sh/v4:Chart", name: "istiod", props: { chart: "istiod", repositoryOpts: { repo: "https://istio-release.storage.googleapis.com/charts" } } };
    expect(violationsOf(istioMtlsStrict, [gpuDeployment(), istiod])).toHaveLength(1);
  });

  it("fails a mesh without STRICT, naming the namespace", () => {
    const [found] = violationsOf(istioMtlsStrict, [gpuDeployment(), ALLOW_NOTHING]);
    expect(found?.message).toContain("namespace llm-serving runs workloads in the mesh without a STRICT PeerAuthentication");
    expect(found?.message).toContain("Fix: add a PeerAuthentication with spec.mtls.mode: STRICT in istio-system");
  });

  it("fails a PERMISSIVE port override and an unknown mode", () => {
    const permissive = istio("security", "PeerAuthentication", "nccl", { selector: { matchLabels: { role: "worker" } }, mtls: { mode: "STRICT" }, portLevelMtls: { "29500": { mode: "PERMISSIVE" } } });
    expect(violationsOf(istioMtlsStrict, [STRICT_MTLS, permissive])[0]?.message).toContain("PeerAuthentication llm-serving/nccl sets mTLS PERMISSIVE");
    const unknown = istio("security", "PeerAuthentication", "default", { mtls: { mode: UNKNOWN } }, "istio-system");
    expect(violationsOf(istioMtlsStrict, [unknown])[0]?.message).toContain("mTLS mode unknown during preview");
  });
});

describe("istio-authz", () => {
  it("passes allow-nothing plus an ALLOW with positive paths and request principals", () => {
    expect(violationsOf(istioAuthz, [gpuDeployment(), ALLOW_NOTHING, ALLOW_CHAT, JWT])).toEqual([]);
  });

  it("fails a namespace without allow-nothing", () => {
    const [found] = violationsOf(istioAuthz, [gpuDeployment(), ALLOW_CHAT]);
    expect(found?.message).toContain("namespace llm-serving has no allow-nothing AuthorizationPolicy");
  });

  it("fails an ALLOW rule that opens every path", () => {
    const open = istio("security", "AuthorizationPolicy", "qwen-open", { action: "ALLOW", rules: [{ to: [{ operation: { notPaths: ["/metrics"] } }] }] });
    const [found] = violationsOf(istioAuthz, [ALLOW_NOTHING, open]);
    expect(found?.message).toContain("AuthorizationPolicy llm-serving/qwen-open rule 0 allows requests without naming the paths");
    expect(found?.message).toContain("Fix: list the allowed paths in to.operation.paths");
  });

  it("fails a RequestAuthentication without a requestPrincipals rule", () => {
    const paths = istio("security", "AuthorizationPolicy", "qwen-paths", { rules: [{ to: [{ operation: { paths: ["/v1/completions"] } }] }] });
    const [found] = violationsOf(istioAuthz, [ALLOW_NOTHING, paths, JWT]);
    expect(found?.message).toContain("RequestAuthentication llm-serving/qwen-jwt is not paired with an AuthorizationPolicy requiring requestPrincipals");
  });
});

describe("no-generation-retries", () => {
  it("passes one retry on connection failures and a ten-minute timeout", () => {
    expect(violationsOf(noGenerationRetries, virtualService())).toEqual([]);
  });

  it("fails a route that leaves Istio's default retries in place", () => {
    const [found] = violationsOf(noGenerationRetries, virtualService({ retries: undefined }));
    expect(found?.message).toContain("VirtualService llm-serving/qwen http route qwen does not set retries");
    expect(found?.message).toContain('Fix: set retries { attempts: 1, retryOn: "connect-failure,refused-stream" }');
  });

  it("fails retries that repeat generations, a perTryTimeout and a short timeout", () => {
    const found = violationsOf(noGenerationRetries, virtualService({ timeout: "60s", retries: { attempts: 3, retryOn: "5xx,connect-failure", perTryTimeout: "30s" } }));
    expect(found.map((violation) => violation.message.split(":")[0])).toEqual([
      "VirtualService llm-serving/qwen http route qwen retries 3 times",
      "VirtualService llm-serving/qwen http route qwen retries on 5xx",
      "VirtualService llm-serving/qwen http route qwen sets retries.perTryTimeout",
      "VirtualService llm-serving/qwen http route qwen times out after 60 s",
    ]);
    expect(violationsOf(noGenerationRetries, virtualService({ timeout: "60s" }), parsePolicyConfig({ minRouteTimeoutSeconds: 30 }))).toEqual([]);
  });
});

describe("dr-resilience", () => {
  it("passes outlier detection, a bounded pool and LEAST_REQUEST", () => {
    expect(violationsOf(drResilience, destinationRule())).toEqual([]);
  });

  it("fails Istio's defaults", () => {
    const found = violationsOf(drResilience, destinationRule({ outlierDetection: undefined, connectionPool: undefined, loadBalancer: { simple: "ROUND_ROBIN" } }));
    expect(found.map((violation) => violation.message.split(":")[0])).toEqual([
      "DestinationRule llm-serving/qwen has no outlierDetection",
      "DestinationRule llm-serving/qwen leaves the connection pool unbounded",
      "DestinationRule llm-serving/qwen balances with ROUND_ROBIN policy",
    ]);
    expect(found[2]?.message).toContain("Fix: set trafficPolicy.loadBalancer.simple: LEAST_REQUEST");
  });
});

describe("gateway-hosts", () => {
  it("passes a named host over TLS with a credentialName", () => {
    expect(violationsOf(gatewayHosts, gateway())).toEqual([]);
  });

  it("fails a wildcard host and TLS from files", () => {
    const found = violationsOf(gatewayHosts, gateway({ hosts: ["*"], tls: { mode: "SIMPLE", serverCertificate: "/etc/certs/tls.crt" } }));
    expect(found[0]?.message).toContain("Gateway istio-system/llm-gateway server https accepts hosts *");
    expect(found[1]?.message).toContain("Fix: set tls { mode: SIMPLE, credentialName: <Secret in the gateway namespace> }");
  });

  it("fails plain HTTP without a redirect", () => {
    const [found] = violationsOf(gatewayHosts, gateway({ name: "http", port: { number: 80, name: "http", protocol: "HTTP" }, tls: undefined }));
    expect(found?.message).toContain("Gateway istio-system/llm-gateway server http serves plain HTTP");
  });
});
