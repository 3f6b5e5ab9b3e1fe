/** Kubeconfig text edits the cluster component needs, as plain string functions. */

/**
 * Points every cluster entry of a kubeconfig at `server` (e.g. the intranet endpoint
 * `https://192.168.0.10:6443`). ACK's API server certificate covers both of its endpoints.
 */
export function withKubeconfigServer(kubeconfig: string, server: string): string {
  if (server === "") return kubeconfig;
  const url = server.startsWith("https://") ? server : `https://${server}`;
  return kubeconfig.replace(/(server:\s*['"]?)https:\/\/[^\s'"}]+/g, `$1${url}`);
}
