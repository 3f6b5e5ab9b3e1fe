/**
 * vLLM settings that open the server up: development mode (which adds endpoints such as
 * /collective_rpc and /sleep), --trust-remote-code for models nobody reviewed, and Kubernetes
 * service links (a Service named `vllm` injects VLLM_PORT=tcp://…, which vLLM reads as its own
 * setting and crashes on). API keys are covered by `no-secret-literals`.
 */
import { parseImage } from "../imageReference.js";
import { argvOf, containersOf, envValue, podTemplatesOf, type Container } from "../podTemplates.js";
import { violation, type PolicyResource, type ResourceRule, type Violation } from "../types.js";
import { at, stringAt } from "../values.js";

function isVllm(container: Container): boolean {
  const image = stringAt(container.body, "image");
  if (image !== undefined && parseImage(image).repository.includes("vllm")) return true;
  const argv = argvOf(container);
  return argv.some((token, index) => (token === "vllm" && argv[index + 1] === "serve") || token.startsWith("vllm.entrypoints"));
}

/** The model an engine container serves: `--model X`, `--model-path X` (SGLang), `--model=X` or `vllm serve X`. */
function servedModel(container: Container): string | undefined {
  const argv = argvOf(container);
  for (const [index, token] of argv.entries()) {
    if (token === "--model" || token === "--model-path") return argv[index + 1];
    if (token.startsWith("--model=")) return token.slice("--model=".length);
    if (token.startsWith("--model-path=")) return token.slice("--model-path=".length);
    const next = argv[index + 1];
    if (token === "serve" && argv[index - 1] === "vllm" && next !== undefined && !next.startsWith("--")) return next;
  }
  return undefined;
}

function trusted(model: string, allowList: readonly string[]): boolean {
  return allowList.some((entry) => model === entry || model.endsWith(`/${entry}`));
}

/** Any engine (vLLM, SGLang, …) that runs a checkpoint's own Python needs the model on the allow-list. */
function remoteCodeViolations(rule: string, resource: PolicyResource, container: Container, trustRemoteCodeModels: readonly string[]): Violation[] {
  if (!argvOf(container).includes("--trust-remote-code")) return [];
  const model = servedModel(container);
  if (model !== undefined && trusted(model, trustRemoteCodeModels)) return [];
  return [
    violation(rule, resource, {
      what: `${container.where} passes --trust-remote-code for ${model ?? "an unknown model"}`,
      why: "the model repository's Python code then runs inside the server with its GPU access and mounted credentials",
      fix: `remove --trust-remote-code, or review the model's code and add ${model ?? "the model"} to trustRemoteCodeModels`,
    }),
  ];
}

function containerViolations(rule: string, resource: PolicyResource, container: Container): Violation[] {
  const found: Violation[] = [];
  const devMode = envValue(container, "VLLM_SERVER_DEV_MODE");
  if (devMode !== undefined && ["1", "true"].includes(devMode.toLowerCase())) {
    found.push(violation(rule, resource, {
      what: `${container.where} sets VLLM_SERVER_DEV_MODE=${devMode}`,
      why: "development mode adds unauthenticated endpoints that reset caches, put the engine to sleep and run RPCs on the workers",
      fix: "remove VLLM_SERVER_DEV_MODE",
    }));
  }
  return found;
}

export const vllmFlags: ResourceRule = {
  name: "vllm-flags",
  description: "vLLM containers run without development mode in pods that set enableServiceLinks: false; any engine passes --trust-remote-code only for models on the trustRemoteCodeModels list.",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "skipped",
  settings: ["trustRemoteCodeModels"],
  check(resource, config) {
    return podTemplatesOf(resource).flatMap((template): Violation[] => {
      const containers = containersOf(template).filter((container) => !container.init);
      const remoteCode = containers.flatMap((container) => remoteCodeViolations(this.name, resource, container, config.trustRemoteCodeModels));
      const engines = containers.filter(isVllm);
      if (engines.length === 0) return remoteCode;
      const found = [...remoteCode, ...engines.flatMap((container) => containerViolations(this.name, resource, container))];
      if (at(template.spec, "enableServiceLinks") !== false) {
        found.push(violation(this.name, resource, {
          what: `${template.where} runs vLLM with service links enabled`,
          why: "a Service named vllm injects VLLM_PORT=tcp://…, which vLLM reads as its own port setting and fails to start",
          fix: "set enableServiceLinks: false in the pod spec",
        }));
      }
      return found;
    });
  },
};
