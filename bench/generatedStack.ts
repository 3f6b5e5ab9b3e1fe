import { stringify } from "yaml";

/**
 * A dev-shaped stack with `count` model deployments (alternating 7B and 32B-class models on A10 and
 * L20 pools), each behind its own mesh route: to measure how the preview grows with deployments.
 */
export function generatedStackYaml(count: number): string {
  const deployments = Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? { name: `m${i}`, model: "qwen2.5-7b-instruct", pool: "a10", maxModelLen: 8192 }
      : { name: `m${i}`, model: "qwen3-32b", pool: "l20", maxModelLen: 16384, parallelism: { tensor: 2 } },
  );
  const fleet = {
    environment: "staging",
    region: "cn-hangzhou",
    cluster: { mode: "new", zones: ["cn-hangzhou-h", "cn-hangzhou-i"] },
    nodePools: [{ name: "a10", gpu: "ecs.gn7i-c8g1.2xlarge" }, ...(count > 1 ? [{ name: "l20", gpu: "ecs.gn8is-2x.8xlarge" }] : [])],
    storage: { kind: "oss", bucket: "llmfleet-bench-models" },
    deployments,
    routes: deployments.map((d) => ({ name: d.name, hosts: [`${d.name}.bench.llmfleet.example.com`], deployments: [{ name: d.name, weight: 100 }], tlsCredentialName: "bench-tls" })),
  };
  return stringify({ config: { "alicloud:region": "cn-hangzhou", "llmfleet:fleet": fleet } });
}
