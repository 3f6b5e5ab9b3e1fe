/** zod pieces shared by the ACK-layer argument schemas. */
import { z } from "zod";

/**
 * A value the Pulumi shell resolves (an id, a kubeconfig): opaque here, only required to be present.
 * Keeping it opaque keeps src/ free of Pulumi while the schema still rejects misspelt keys.
 */
export const pulumiInput = z.custom<unknown>((value) => value !== undefined && value !== null && value !== "", {
  message: "is required",
});

/** Lower-case DNS-1123 label of at most `maxLength` characters (names of pools, PVs, claims). */
export function dnsLabel(maxLength = 63) {
  return z
    .string()
    .max(maxLength)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be lower-case letters, digits and '-', starting and ending with a letter or digit");
}
