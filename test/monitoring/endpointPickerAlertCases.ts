import { ENDPOINT_PICKER_METRICS, SCHEDULER_DURATION } from "../../src/monitoring/index.js";
import { NS, series, type AlertCase } from "./alertCases.js";

/**
 * Cases for the endpoint-picker alerts of `ALERT_TEST_SPEC`'s pool `qwen` (picker Deployment
 * `qwen-epp`), series as Prometheus stores them: the picker's own metrics with the PodMonitor's
 * target labels (`job`, `namespace`, `pod`, `pool`), kube-state-metrics' with their own labels.
 */

const RULE = { deployment: "qwen" };
/** Target labels of the picker pod after the PodMonitor's relabelling. */
const PICKER = `job="llmfleet-endpoint-pickers", namespace="${NS}", pool="qwen", pod="qwen-epp-6b7c9-x2k4p", instance="10.20.0.31:9090"`;
const PICKER_DEPLOYMENT = `namespace="${NS}", deployment="qwen-epp"`;
const ATTEMPTS = ENDPOINT_PICKER_METRICS.schedulerAttempts;
const SUCCESS = `${PICKER}, status="success", target_model_name="qwen", pod_name="qwen-0", port="8000"`;
const FAILURE = `${PICKER}, status="failure", target_model_name="qwen", pod_name="", port=""`;

function schedulingLatency(withinPerMinute: number, totalPerMinute: number): AlertCase["series"] {
  return [
    series(`${SCHEDULER_DURATION.name}_bucket`, `${PICKER}, le="0.05"`, `0+${withinPerMinute}x30`),
    series(`${SCHEDULER_DURATION.name}_bucket`, `${PICKER}, le="+Inf"`, `0+${totalPerMinute}x30`),
    series(`${SCHEDULER_DURATION.name}_count`, PICKER, `0+${totalPerMinute}x30`),
  ];
}

export const ENDPOINT_PICKER_ALERT_CASES: readonly AlertCase[] = [
  {
    alert: "InferenceEndpointPickerDown",
    ruleLabels: RULE,
    behaviour: "fires when the picker has had no available replica for 2 minutes",
    series: [series("kube_deployment_status_replicas_available", PICKER_DEPLOYMENT, "1x2 0x10"), series("up", PICKER, "1x2 0x10")],
    evalMinutes: 6,
    firing: [{}],
  },
  {
    alert: "InferenceEndpointPickerDown",
    ruleLabels: RULE,
    behaviour: "fires when the picker Deployment does not exist at all",
    series: [series("kube_deployment_status_replicas_available", `namespace="${NS}", deployment="qwen"`, "2x10")],
    evalMinutes: 5,
    firing: [{}],
  },
  {
    alert: "InferenceEndpointPickerDown",
    ruleLabels: RULE,
    behaviour: "fires when the picker is available but Prometheus cannot scrape it",
    series: [series("kube_deployment_status_replicas_available", PICKER_DEPLOYMENT, "1x10"), series("up", PICKER, "0x10")],
    evalMinutes: 5,
    firing: [{}],
  },
  {
    alert: "InferenceEndpointPickerDown",
    ruleLabels: RULE,
    behaviour: "stays quiet while the picker is available and scraped, and through a one-minute Recreate rollout",
    series: [series("kube_deployment_status_replicas_available", PICKER_DEPLOYMENT, "1x3 0 1x6"), series("up", PICKER, "1x3 0 1x6")],
    evalMinutes: 5,
    firing: [],
  },
  {
    alert: "InferenceEndpointPickerFailing",
    ruleLabels: RULE,
    behaviour: "fires when a sixth of the scheduling attempts fail for 5 minutes",
    series: [series(ATTEMPTS, SUCCESS, "0+50x20"), series(ATTEMPTS, FAILURE, "0+10x20")],
    evalMinutes: 15,
    firing: [{}],
  },
  {
    alert: "InferenceEndpointPickerFailing",
    ruleLabels: RULE,
    behaviour: "stays quiet at one failed attempt in a hundred",
    series: [series(ATTEMPTS, SUCCESS, "0+99x20"), series(ATTEMPTS, FAILURE, "0+1x20")],
    evalMinutes: 15,
    firing: [],
  },
  {
    alert: "InferenceEndpointPickerSlow",
    ruleLabels: RULE,
    behaviour: "fires when a fifth of the scheduling decisions take longer than 50 ms for 10 minutes",
    series: schedulingLatency(80, 100),
    evalMinutes: 20,
    firing: [{}],
  },
  {
    alert: "InferenceEndpointPickerSlow",
    ruleLabels: RULE,
    behaviour: "stays quiet when one decision in a hundred is slower than 50 ms",
    series: schedulingLatency(99, 100),
    evalMinutes: 20,
    firing: [],
  },
];
