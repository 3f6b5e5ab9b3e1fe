import {
  ENDPOINT_PICKER_JOB,
  ENDPOINT_PICKER_METRICS,
  endpointPickerDeploymentName,
  POOL_LABEL,
  SCHEDULER_DURATION,
  SCHEDULER_FAILURE,
} from "../endpointPickerMetrics.js";
import { leLabel } from "../servingMetrics.js";
import type { MonitoringSpec, WatchedEndpointPicker } from "../spec.js";
import type { AlertDefinition } from "./rule.js";

/**
 * Alerts on the endpoint pickers of `routing: inference-pool` routes. The gateway asks the picker
 * (ext-proc) for an endpoint on every request; with the picker gone the gateway has nowhere to send
 * the request (Gateway API Inference Extension v1.5.0: the pool's `endpointPickerRef.failureMode`
 * defaults to `FailClose`), so a picker that is down is a route that is down, and pages.
 */

/** Minutes a picker may be missing before it pages: a Recreate rollout of the picker takes seconds. */
const PICKER_DOWN_MINUTES = 2;
/** Scheduling slower than this bound (a bucket bound of the scheduler histogram, 50 ms) counts as slow. */
export const SLOW_SCHEDULING_SECONDS = 0.05;
/** Share of scheduling decisions allowed to be slow before the alert fires. */
const SLOW_SCHEDULING_SHARE = 0.05;

function pickerSelector(picker: WatchedEndpointPicker): string {
  return `job="${ENDPOINT_PICKER_JOB}", namespace="${picker.namespace}", ${POOL_LABEL}="${picker.inferencePool}"`;
}

/** Rule labels of one picker's alerts: the pool is named after the deployment it selects. */
function pickerLabels(picker: WatchedEndpointPicker): Readonly<Record<string, string>> {
  return { namespace: picker.namespace, deployment: picker.inferencePool };
}

/**
 * Down when kube-state-metrics reports no available picker replica (or no picker Deployment at
 * all), or when no picker pod answers Prometheus. Each side yields at most one series without
 * labels, so the `or` never produces two alerts with the same labels.
 */
function pickerDown(picker: WatchedEndpointPicker): AlertDefinition {
  const deployment = `namespace="${picker.namespace}", deployment="${endpointPickerDeploymentName(picker.inferencePool)}"`;
  const available = `(sum(kube_deployment_status_replicas_available{${deployment}}) or vector(0)) < 1`;
  const scraped = `(count(up{${pickerSelector(picker)}} == 1) or vector(0)) < 1`;
  return {
    alert: "InferenceEndpointPickerDown",
    expr: `${available} or ${scraped}`,
    forMinutes: PICKER_DOWN_MINUTES,
    severity: "critical",
    summary: `The endpoint picker of InferencePool ${picker.namespace}/${picker.inferencePool} is down`,
    description:
      `Deployment ${picker.namespace}/${endpointPickerDeploymentName(picker.inferencePool)} has had no available replica, or no replica Prometheus can scrape, for ${PICKER_DOWN_MINUTES} minutes. ` +
      `The gateway asks this picker for an endpoint on every request to the route in front of ${picker.inferencePool}, so those requests fail.`,
    labels: pickerLabels(picker),
  };
}

function slowScheduling(picker: WatchedEndpointPicker, spec: MonitoringSpec): AlertDefinition {
  const selector = pickerSelector(picker);
  const bucket = `${SCHEDULER_DURATION.name}_bucket`;
  const within = `sum(rate(${bucket}{${selector}, le="${leLabel(SLOW_SCHEDULING_SECONDS)}"}[5m]))`;
  const count = `sum(rate(${SCHEDULER_DURATION.name}_count{${selector}}[5m]))`;
  const percent = Math.round(SLOW_SCHEDULING_SHARE * 100);
  return {
    alert: "InferenceEndpointPickerSlow",
    expr: `(1 - ${within} / ${count}) > ${SLOW_SCHEDULING_SHARE.toFixed(2)}`,
    forMinutes: spec.sustainMinutes,
    severity: "warning",
    summary: `The endpoint picker of ${picker.namespace}/${picker.inferencePool} is slow to pick endpoints`,
    description:
      `More than ${percent}% of the scheduling decisions of the endpoint picker of ${picker.namespace}/${picker.inferencePool} took longer than ${SLOW_SCHEDULING_SECONDS * 1000} ms for ${spec.sustainMinutes} minutes ` +
      "(the picker's histogram runs from 0.1 ms to 100 ms): every request to the route waits for the decision before the engine sees it. The picker is CPU-starved or its prefix index is too large.",
    labels: pickerLabels(picker),
  };
}

function schedulingFailures(picker: WatchedEndpointPicker, spec: MonitoringSpec): AlertDefinition {
  const selector = pickerSelector(picker);
  const attempts = ENDPOINT_PICKER_METRICS.schedulerAttempts;
  const percent = Math.round(spec.errorRatio * 100);
  return {
    alert: "InferenceEndpointPickerFailing",
    expr: `sum(rate(${attempts}{${selector}, status="${SCHEDULER_FAILURE}"}[5m])) / sum(rate(${attempts}{${selector}}[5m])) > ${spec.errorRatio}`,
    forMinutes: 5,
    severity: "critical",
    summary: `The endpoint picker of ${picker.namespace}/${picker.inferencePool} finds no endpoint for requests`,
    description:
      `More than ${percent}% of the scheduling attempts of the endpoint picker of ${picker.namespace}/${picker.inferencePool} failed in the last 5 minutes, for 5 minutes: ` +
      "it found no serving pod to send the request to (none Ready, none selected by the pool, or every one saturated), and the gateway answers those requests with an error.",
    labels: pickerLabels(picker),
  };
}

/** The alerts of every watched endpoint picker. */
export function endpointPickerAlerts(spec: MonitoringSpec): AlertDefinition[] {
  return spec.endpointPickers.flatMap((picker) => [pickerDown(picker), schedulingFailures(picker, spec), slowScheduling(picker, spec)]);
}
