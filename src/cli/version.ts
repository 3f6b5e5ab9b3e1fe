import { readFileSync } from "node:fs";

/** The llmfleet version from package.json (two levels up from src/cli, three from dist/src/cli). */
export function packageVersion(): string {
  for (const relative of ["../../package.json", "../../../package.json"]) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (manifest.name === "llmfleet" && manifest.version !== undefined) return manifest.version;
    } catch {
      // not at this level; try the next
    }
  }
  return "unknown";
}
