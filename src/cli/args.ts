// A small argument reader for the CLIs: repeated --flag VALUE options, boolean flags, and
// positionals; unknown flags are errors, not silently ignored. Its messages are read by people:
// simplified Chinese, flag names as they are.
export interface ParsedArgs {
  values: Record<string, string[]>;
  flags: Set<string>;
  positionals: string[];
}

/** `-h` and `--help` anywhere before a `--`: the command prints its usage instead of running. */
export function wantsHelp(argv: string[]): boolean {
  for (const arg of argv) {
    if (arg === "--") return false;
    if (arg === "-h" || arg === "--help") return true;
  }
  return false;
}

export function parseArgs(argv: string[], spec: { values?: string[]; flags?: string[] }): ParsedArgs {
  const values: Record<string, string[]> = {};
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h" && spec.flags?.includes("help")) {
      flags.add("help");
      continue;
    }
    // a short option ("-k", "-x"): none is known, and it is not a question or a path either
    if (/^-[A-Za-z]/.test(arg)) throw new UsageError(`未知选项 ${arg}`);
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (spec.flags?.includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} 不带值（去掉 =${inline}）`);
      flags.add(name);
    } else if (spec.values?.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} 需要一个值`);
      (values[name] ??= []).push(value);
    } else {
      throw new UsageError(`未知选项 --${name}`);
    }
  }
  return { values, flags, positionals };
}

/** Wrong use of a command: the message, then its usage, exit 2. */
export class UsageError extends Error {}

/** A problem with the files a command was given (missing, unreadable, malformed): the message, exit 1. */
export class CliError extends Error {}
