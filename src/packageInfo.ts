import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The llmfleet package folder: two levels above `src/` files when run from source, three above
 * `dist/src/` files when built. Found by walking up to the package.json named `llmfleet`.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "llmfleet") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("llmfleet's package.json was not found above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version?: string };
  return manifest.version ?? "unknown";
}
