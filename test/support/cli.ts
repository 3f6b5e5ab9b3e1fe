/** Runs the llmfleet CLI from source in a fresh process (Pulumi's runtime state is per process). */
import { main } from "../../src/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
