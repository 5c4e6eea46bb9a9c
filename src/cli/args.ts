// A small argument reader for the CLIs: repeated --flag VALUE options, boolean flags, and
// positionals; unknown flags are errors, not silently ignored.
export interface ParsedArgs {
  values: Record<string, string[]>;
  flags: Set<string>;
  positionals: string[];
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
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (spec.flags?.includes(name)) {
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

export class UsageError extends Error {}
