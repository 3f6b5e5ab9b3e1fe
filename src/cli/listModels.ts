import { listModels } from "../model/index.js";

/** The built-in catalogue as a table: name, Hugging Face repository, published parameter count. */
export function listModelsText(): string {
  const rows = listModels().map((entry) => [entry.name, entry.repo, `${(entry.publishedParameters / 1e9).toFixed(1)}B`] as const);
  const widths = [0, 1].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  return rows.map(([name, repo, size]) => `${name.padEnd(widths[0] ?? 0)}  ${repo.padEnd(widths[1] ?? 0)}  ${size}`).join("\n");
}
