/**
 * Applies builder output (plain Kubernetes objects) as Pulumi resources: core kinds through their
 * typed classes, custom resources (Istio, prometheus-operator) through `CustomResource`.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { KubernetesObject } from "../src/k8s/index.js";
import { kubernetesArgs } from "./kubernetesArgs.js";

/** Resource name unique within a component: kind, namespace and object name. */
export function resourceName(prefix: string, object: KubernetesObject): string {
  const namespace = object.metadata.namespace === undefined ? "" : `${object.metadata.namespace}-`;
  return `${prefix}-${object.kind.toLowerCase()}-${namespace}${object.metadata.name}`;
}

export function applyObject(prefix: string, object: KubernetesObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  return createObject(resourceName(prefix, object), object, opts);
}

/** Core kinds through their typed classes, CRDs through CustomResource, under the resource name `name`. */
function createObject(name: string, object: KubernetesObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  switch (`${object.apiVersion}/${object.kind}`) {
    case "v1/Service":
      return new k8s.core.v1.Service(name, kubernetesArgs<k8s.core.v1.ServiceArgs>(object), opts);
    case "v1/ConfigMap":
      return new k8s.core.v1.ConfigMap(name, kubernetesArgs<k8s.core.v1.ConfigMapArgs>(object), opts);
    case "v1/ServiceAccount":
      return new k8s.core.v1.ServiceAccount(name, kubernetesArgs<k8s.core.v1.ServiceAccountArgs>(object), opts);
    case "v1/PersistentVolume":
      return new k8s.core.v1.PersistentVolume(name, kubernetesArgs<k8s.core.v1.PersistentVolumeArgs>(object), opts);
    case "v1/PersistentVolumeClaim":
      return new k8s.core.v1.PersistentVolumeClaim(name, kubernetesArgs<k8s.core.v1.PersistentVolumeClaimArgs>(object), opts);
    case "networking.k8s.io/v1/NetworkPolicy":
      return new k8s.networking.v1.NetworkPolicy(name, kubernetesArgs<k8s.networking.v1.NetworkPolicyArgs>(object), opts);
    case "batch/v1/Job":
      return new k8s.batch.v1.Job(name, kubernetesArgs<k8s.batch.v1.JobArgs>(object), opts);
    default:
      return new k8s.apiextensions.CustomResource(name, { ...object }, opts);
  }
}

export function applyObjects(prefix: string, objects: readonly KubernetesObject[], opts: pulumi.CustomResourceOptions): pulumi.CustomResource[] {
  return objects.map((object) => applyObject(prefix, object, opts));
}

/**
 * Workload kinds through their typed classes, so Pulumi awaits their readiness (a Deployment's
 * rollout); every other kind as `applyObject` creates it.
 */
export function applyWorkloadObject(prefix: string, object: KubernetesObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  return createWorkloadObject(resourceName(prefix, object), object, opts);
}

/** `applyWorkloadObject` under the resource name `name` (a component whose names predate `resourceName`). */
export function createWorkloadObject(name: string, object: KubernetesObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  switch (`${object.apiVersion}/${object.kind}`) {
    case "apps/v1/Deployment":
      return new k8s.apps.v1.Deployment(name, kubernetesArgs<k8s.apps.v1.DeploymentArgs>(object), opts);
    case "policy/v1/PodDisruptionBudget":
      return new k8s.policy.v1.PodDisruptionBudget(name, kubernetesArgs<k8s.policy.v1.PodDisruptionBudgetArgs>(object), opts);
    case "rbac.authorization.k8s.io/v1/Role":
      return new k8s.rbac.v1.Role(name, kubernetesArgs<k8s.rbac.v1.RoleArgs>(object), opts);
    case "rbac.authorization.k8s.io/v1/RoleBinding":
      return new k8s.rbac.v1.RoleBinding(name, kubernetesArgs<k8s.rbac.v1.RoleBindingArgs>(object), opts);
    default:
      return createObject(name, object, opts);
  }
}
