// Entry point of the command-line tools: `tsx src/cli/main.ts <command> [args]` (./run.ts).
import { runCli } from "./run.js";

process.exitCode = await runCli(process.argv.slice(2));
