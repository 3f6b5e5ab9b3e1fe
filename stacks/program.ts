/** Pulumi entry point (Pulumi.yaml `main`, built to dist/stacks/program.js): `pulumi up` per environment. */
import { buildFleet } from "./fleet.js";

const fleet = buildFleet();

export const clusterId = fleet.cluster.clusterId;
/** Secret: the temporary kubeconfig of the cluster. */
export const kubeconfig = fleet.cluster.kubeconfig;
export const plans = fleet.plans;
export const hosts = fleet.mesh?.hosts ?? [];
export const grafanaAdminSecret = fleet.monitoring?.grafanaAdminSecretName;
/** Whitelist ACL of a public API server, to bind to its 6443 listener once (README "Deploying for real"). */
export const apiServerAclId = fleet.cluster.apiServerAclId;
