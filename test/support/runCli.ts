import { spawnSync } from "node:child_process";

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `llmfleet <args>` from source in a child process. */
export function runCli(args: readonly string[]): CliRun {
  const result = spawnSync(process.execPath, ["--import", "tsx", "test/support/cli.ts", ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
