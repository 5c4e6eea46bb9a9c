// The command-line tools (src/cli/main.ts runs them: `tsx src/cli/main.ts <command> [args]`). Everything a
// person reads here is simplified Chinese (flag names and paths as they are); `-h`/`--help`
// prints a command's usage and exits 0, wrong use prints the problem and the usage and exits 2.
import { UsageError, wantsHelp } from "./args.js";
import { indexCommand, INDEX_USAGE } from "./index-command.js";
import { inspectCommand, INSPECT_USAGE } from "./inspect-command.js";
import { askCommand, ASK_USAGE } from "./ask-command.js";
import { evalCommand, EVAL_USAGE } from "./eval-command.js";
import { publishCommand, PUBLISH_USAGE } from "./publish-command.js";

const COMMANDS: Record<string, { run: (argv: string[]) => number | Promise<number>; usage: string; what: string }> = {
  index: { run: indexCommand, usage: INDEX_USAGE, what: "把 .txt/.md 政策文件建成检索索引（npm run index）" },
  inspect: { run: inspectCommand, usage: INSPECT_USAGE, what: "查看一份文件被解析成的元数据和条款树（npm run inspect）" },
  ask: { run: askCommand, usage: ASK_USAGE, what: "用索引回答一个问题，引用出处条款（npm run ask）" },
  eval: { run: evalCommand, usage: EVAL_USAGE, what: "用问题集给检索打分，与两个基线比较（npm run eval）" },
  publish: { run: publishCommand, usage: PUBLISH_USAGE, what: "把建好的索引发布为线上版本（npm run publish:index）" },
};

export const MAIN_USAGE = `npx tsx src/cli/main.ts <命令> [选项]

政策通的命令行工具。命令：
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)}${c.what}`)
  .join("\n")}

每个命令都有 --help（或 -h），例如 npm run ask -- --help。

例子：
  npm run index
  npm run ask -- "我能申请哪些技改补贴"
  npm run eval`;

/** Runs one command line; the exit code: 0 done (or help shown), 1 failed, 2 wrong use. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "-h" || name === "--help") {
    console.log(MAIN_USAGE);
    return 0;
  }
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`${name === undefined ? "请给出一个命令" : `未知命令 ${name}`}\n\n用法：\n${MAIN_USAGE}`);
    return 2;
  }
  if (wantsHelp(rest)) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n用法：\n${command.usage}`);
      return 2;
    }
    // the readers' errors (CliError, a missing index, an unreadable file) are sentences naming the file
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
