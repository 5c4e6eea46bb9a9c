// Entry point of the command-line tools: `tsx src/cli/main.ts <command> [args]`.
import { UsageError } from "./args.js";
import { indexCommand, INDEX_USAGE } from "./index-command.js";
import { inspectCommand, INSPECT_USAGE } from "./inspect-command.js";
import { askCommand, ASK_USAGE } from "./ask-command.js";
import { evalCommand, EVAL_USAGE } from "./eval-command.js";
import { publishCommand, PUBLISH_USAGE } from "./publish-command.js";

const COMMANDS: Record<string, { run: (argv: string[]) => number | Promise<number>; usage: string }> = {
  index: { run: indexCommand, usage: INDEX_USAGE },
  inspect: { run: inspectCommand, usage: INSPECT_USAGE },
  ask: { run: askCommand, usage: ASK_USAGE },
  eval: { run: evalCommand, usage: EVAL_USAGE },
  publish: { run: publishCommand, usage: PUBLISH_USAGE },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`usage:\n${Object.values(COMMANDS).map((c) => c.usage).join("\n\n")}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\nusage:\n${command.usage}`);
      return 2;
    }
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
