// What the code under test logs, captured for one test: a test that provokes an expected
// failure (or an admin action, a refusal, a sweep) asserts the line it logs instead of letting
// it reach the test output, where it would read like a real failure. Only the test that calls
// captureLogs() is quiet, and only until it ends: anything logged elsewhere is still printed,
// and so is everything it captured when the test fails.
// No Node imports: usable in workerd (the worker under test logs through the same console).
import { onTestFailed, onTestFinished, vi } from "vitest";

export interface CapturedLogs {
  /** console.log and console.info lines (the app's log.info), in order. */
  info: string[];
  /** console.error and console.warn lines (the app's log.error), in order. */
  errors: string[];
  /** Every line, in order. */
  all: string[];
}

const text = (args: unknown[]) => args.map((a) => (typeof a === "string" ? a : a instanceof Error ? (a.stack ?? a.message) : JSON.stringify(a))).join(" ");

/** Captures the console until the current test finishes (then restores it). */
export function captureLogs(): CapturedLogs {
  const logs: CapturedLogs = { info: [], errors: [], all: [] };
  const printError = console.error.bind(console);
  const spies = (["log", "info", "warn", "error"] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      const line = text(args);
      (level === "log" || level === "info" ? logs.info : logs.errors).push(line);
      logs.all.push(line);
    }),
  );
  // a failing test shows what it logged, as if nothing had been captured
  onTestFailed(() => {
    if (logs.all.length > 0) printError(`[captured logs of the failed test]\n${logs.all.join("\n")}`);
  });
  onTestFinished(() => {
    for (const spy of spies) spy.mockRestore();
  });
  return logs;
}

export interface AuditLine {
  at: string;
  by: string;
  action: string;
  ok: boolean;
  detail: string;
}

/** The admin actions among the logged lines (src/manage/audit.ts logs each as `admin {json}`). */
export const audited = (logs: CapturedLogs): AuditLine[] =>
  logs.info.filter((l) => l.startsWith("admin {")).map((l) => JSON.parse(l.slice("admin ".length)) as AuditLine);
