/** zod pieces shared by the ACK-layer argument schemas. */
import { z } from "zod";

/**
 * A value the Pulumi shell resolves (an id, a kubeconfig): opaque here, only required to be present.
 * Keeping it opaque keeps src/ free of Pulumi while the schema still rejects misspelt keys.
 */
export const pulumiInput = z.custom<unknown>((value) => value !== undefined && value !== null && value !== "", {
  message: "is required",
});

/** Lower-case DNS-1123 label (names of pools, PVs, claims): the one validator in src/k8s/names.ts. */
export { dnsLabel } from "../k8s/names.js";
