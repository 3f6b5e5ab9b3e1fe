/**
 * Secrets reach containers only through Secret references: an API key or token written into an env
 * value or a command-line flag lands in plain text in the pod spec, in Pulumi state and in the
 * `last-applied-configuration` annotation (pulumi-kubernetes #965).
 */
import { argvOf, containersOf, podTemplatesOf, type Container } from "../podTemplates.js";
import { violation, type PolicyResource, type ResourceRule, type Violation } from "../types.js";
import { at, objectsAt, stringAt } from "../values.js";

/** Env names that carry credentials: `VLLM_API_KEY`, `HF_TOKEN`, `GRAFANA_PASSWORD`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, … */
export const SECRET_ENV_NAME = /(^|_)(API_?KEY|TOKEN|PASSWORD|PASSWD|SECRET|ACCESS_?KEY|CREDENTIALS?)($|_)/i;
/** Flags that take credentials: `--api-key`, `--hf-token`, `--password`, … */
const SECRET_FLAG = /^--[a-z0-9_-]*(api[-_]?key|token|password|secret)$/i;
/** `$(VLLM_API_KEY)` and `$VLLM_API_KEY` are references, resolved from the environment at start. */
const ENV_REFERENCE = /^\$\(?[A-Za-z_][A-Za-z0-9_]*\)?$/;

function envViolations(rule: string, resource: PolicyResource, container: Container): Violation[] {
  return objectsAt(container.body, "env")
    .filter((env) => SECRET_ENV_NAME.test(stringAt(env, "name") ?? "") && typeof at(env, "value") === "string" && at(env, "value") !== "")
    .map((env) => {
      const name = stringAt(env, "name") ?? "";
      return violation(rule, resource, {
        what: `${container.where} sets ${name} from a literal value`,
        why: "the value is stored in plain text in the pod spec, in Pulumi state and in the last-applied annotation, where anyone who can read the Deployment sees it",
        fix: `set ${name} with valueFrom.secretKeyRef pointing at a Kubernetes Secret`,
      });
    });
}

function flagViolations(rule: string, resource: PolicyResource, container: Container): Violation[] {
  const argv = argvOf(container);
  return argv.flatMap((token, index): Violation[] => {
    const [flag = "", inline] = token.split("=", 2);
    if (!SECRET_FLAG.test(flag)) return [];
    const value = inline ?? argv[index + 1];
    if (value === undefined || value.startsWith("--") || ENV_REFERENCE.test(value)) return [];
    return [
      violation(rule, resource, {
        what: `${container.where} passes ${flag} a literal value`,
        why: "command-line arguments are stored in plain text in the pod spec and Pulumi state, and show in every process listing",
        fix: `drop ${flag} and give the engine the secret through an env var with valueFrom.secretKeyRef (vLLM reads VLLM_API_KEY)`,
      }),
    ];
  });
}

export const noSecretLiterals: ResourceRule = {
  name: "no-secret-literals",
  description: "API keys, tokens and passwords reach containers through secretKeyRef, never as literal env values or command-line flags.",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "checked",
  check(resource) {
    return podTemplatesOf(resource)
      .flatMap(containersOf)
      .flatMap((container) => [...envViolations(this.name, resource, container), ...flagViolations(this.name, resource, container)]);
  },
};
