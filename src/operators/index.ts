/** Operators (KEDA, LeaderWorkerSet, mpi-operator) and ACK components a fleet installs before its workloads. */
export { CRD_INSTALLERS, KEDA_ADDON, LWS_CHART, LWS_VERSION, MPI_OPERATOR_IMAGE, MPI_OPERATOR_MANIFEST, MPI_OPERATOR_VERSION, lwsValues } from "./pinned.js";
export { operatorNeeds, type OperatorNeeds } from "./needs.js";
export { ERDMA_ADDON, ERDMA_ALLOCATE_ALL_DEVICES, ERDMA_DRIVER, erdmaAddonConfig, plansErdma } from "./erdma.js";
