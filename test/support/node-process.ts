// A repository script (npm start's src/node.ts, scripts/…) in its own Node process with a clean
// environment, its output collected; and waiting until a probe has an answer. For the Node tests
// that drive the real processes.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../node/helpers.js";
import { until as untilAnswered } from "./until.js";

export interface Run {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  out: () => string;
  exited: Promise<number | null>;
}

/** `node --import tsx <script> …args` from the repository root, with PATH, HOME and `env` only. */
export function runScript(script: string, args: string[], env: Record<string, string>): Run {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, script), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
  });
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out: () => out, exited };
}

/** Polls `probe` every 50 ms until it returns something other than undefined. */
export function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  return untilAnswered(what, probe, { ms });
}
