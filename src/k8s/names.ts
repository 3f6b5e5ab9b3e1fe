/**
 * The one place Kubernetes names are validated (DNS-1123 labels and subdomains, label values),
 * with the reason and fix a user reads. Every schema that takes a name uses these.
 * Rules: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */
import { patternString } from "../errors/patterns.js";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A DNS-1123 label of at most `maxLength` characters: names of deployments, pools, namespaces, Secrets. */
export function dnsLabel(maxLength = 63) {
  return patternString(
    DNS_LABEL,
    "must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit",
    "write it in lower case with '-' between words, e.g. qwen-7b",
  ).max(maxLength, `must be at most ${maxLength} characters`);
}

/** A DNS-1123 subdomain (dots allowed): PersistentVolumeClaim names. */
export function dnsSubdomain(maxLength = 253) {
  return patternString(
    DNS_SUBDOMAIN,
    "must be a DNS subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit",
    "write it in lower case, e.g. models or models.v2",
  ).max(maxLength, `must be at most ${maxLength} characters`);
}

/** A Kubernetes label value (at most 63 characters). */
export function labelValue() {
  return patternString(
    LABEL_VALUE,
    "must be a Kubernetes label value: letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
    "use letters and digits with '-', '_' or '.' between them, e.g. v2",
  ).max(63, "must be at most 63 characters");
}

/** A container environment variable name. */
export function envVarName() {
  return patternString(ENV_NAME, "must be an environment variable name: letters, digits and '_', not starting with a digit", "write it like MY_SETTING");
}
