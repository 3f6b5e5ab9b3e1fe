import { parseWith } from "../../src/errors/index.js";
import { meshSpecSchema, type ServedModel, type ServedModelInput } from "../../src/mesh/index.js";

export const SCRAPER = "cluster.local/ns/monitoring/sa/kube-prometheus-stack-prometheus";

/** A canary model with a backup, JWT and TLS, and a multi-node model with an API key. */
export const MODEL_INPUTS: ServedModelInput[] = [
  {
    name: "qwen-chat",
    deploymentName: "qwen-72b-h20",
    modelLabel: "qwen2.5-72b-instruct",
    versions: [
      { name: "v1", weight: 90 },
      { name: "v2", weight: 10 },
    ],
    backup: { deploymentName: "qwen-72b-a10" },
    maxGenerationSeconds: 900,
    hosts: ["qwen.llm.example.com"],
    tlsCredentialName: "qwen-tls",
    jwt: { issuer: "https://auth.example.com", jwksUri: "https://auth.example.com/.well-known/jwks.json", audiences: ["llm"] },
  },
  {
    name: "deepseek",
    namespace: "llm-large",
    deploymentName: "deepseek-r1",
    modelLabel: "deepseek-r1",
    multiNode: true,
    hosts: ["deepseek.llm.example.com"],
    requireApiKey: true,
  },
];

export function servedModels(inputs: readonly ServedModelInput[] = MODEL_INPUTS): ServedModel[] {
  return parseWith(meshSpecSchema, inputs, "models");
}
