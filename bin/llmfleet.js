#!/usr/bin/env node
// Thin launcher: the CLI is shipped as built JavaScript in dist/ (built by `npm ci` through `prepare`).
import("../dist/src/cli/main.js").then(
  (cli) => cli.main(process.argv.slice(2)).then((code) => { process.exitCode = code; }),
  (error) => {
    process.stderr.write(`error: llmfleet is not built (${error.message}). Fix: run \`npm run build\` in the package folder.\n`);
    process.exitCode = 2;
  },
);
