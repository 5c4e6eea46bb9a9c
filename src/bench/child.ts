// Runs a src/bench script in a fresh Node process (node --import tsx [flags]) and returns
// the JSON it prints after the @@RESULT@@ marker; wall time of the whole process too.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../cli/paths.js";

export const RESULT_MARK = "@@RESULT@@";

export function reportResult(run: () => Promise<unknown>): void {
  run().then(
    (result) => process.stdout.write("\n" + RESULT_MARK + JSON.stringify(result) + "\n"),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

export function runChild<T>(script: string, input: unknown, nodeFlags: string[] = []): Promise<{ result: T; wallMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", join(REPO_ROOT, "src", "bench", script), JSON.stringify(input)], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || !line) return reject(new Error(`${script} failed (exit ${code}): ${err.slice(-2000)}`));
      resolve({ result: JSON.parse(line.slice(RESULT_MARK.length)) as T, wallMs: performance.now() - started });
    });
  });
}
