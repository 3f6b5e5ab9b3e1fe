import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Pulumi mocks are process-global: each test file gets its own fork.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
