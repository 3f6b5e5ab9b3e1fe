import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseWith } from "../../src/errors/index.js";
import { alertRules, monitoringSpecSchema } from "../../src/monitoring/index.js";
import { ALERT_TEST_SPEC } from "./alertCases.js";

/** Every alert llmfleet can emit (the test spec turns on the gateway and readiness alerts). */
const alerts = [...new Set(alertRules(parseWith(monitoringSpecSchema, ALERT_TEST_SPEC, "monitoring")).map((rule) => rule.alert))].sort();
const RUNBOOKS = new URL("../../docs/runbooks/", import.meta.url);

describe("runbooks", () => {
  it.each(alerts)("%s has docs/runbooks/%s.md with what it means, first checks and fixes", (alert) => {
    const page = new URL(`${alert}.md`, RUNBOOKS);
    expect(existsSync(page), page.pathname).toBe(true);
    const text = readFileSync(page, "utf8");
    expect(text.startsWith(`# ${alert}\n`)).toBe(true);
    for (const section of ["## What it means", "## First checks", "## Fixes"]) expect(text, `${alert}: ${section}`).toContain(section);
  });

  it("has no page for an alert that no longer exists, and lists every alert in its index", () => {
    const pages = readdirSync(RUNBOOKS).filter((file) => file !== "README.md").map((file) => file.replace(/\.md$/, "")).sort();
    expect(pages).toEqual(alerts);
    const index = readFileSync(new URL("README.md", RUNBOOKS), "utf8");
    for (const alert of alerts) expect(index).toContain(`[${alert}](${alert}.md)`);
  });
});
