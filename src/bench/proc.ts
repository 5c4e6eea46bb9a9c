// Linux /proc readers: child processes of this process, their peak RSS (VmHWM), current
// RSS and CPU time, so the bench can watch the workerd process Miniflare starts.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";

export interface ProcInfo {
  pid: number;
  comm: string;
}

function stat(pid: number): { comm: string; ppid: number; cpuTicks: number } | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = raw.lastIndexOf(")");
    const comm = raw.slice(raw.indexOf("(") + 1, close);
    const f = raw.slice(close + 2).split(" ");
    // fields after comm: state ppid … utime(14th overall → f[11]) stime(f[12])
    return { comm, ppid: Number(f[1]), cpuTicks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

/** Descendants of `root` (default: this process) whose command name is `comm`. */
export function findDescendants(comm: string, root = process.pid): ProcInfo[] {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (!s) continue;
    parents.set(Number(entry), s.ppid);
    names.set(Number(entry), s.comm);
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parents.get(pid), hops = 0; p !== undefined && hops < 64; p = parents.get(p), hops++) if (p === root) return true;
    return false;
  };
  return [...names.entries()].filter(([pid, name]) => name === comm && isDescendant(pid)).map(([pid, name]) => ({ pid, comm: name }));
}

function statusKb(pid: number | "self", field: string): number {
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+)\\s+kB`));
  return m ? Number(m[1]) : NaN;
}

/** Peak resident set size (VmHWM), MB. */
export const peakRssMb = (pid: number | "self") => statusKb(pid, "VmHWM") / 1024;
/** Current resident set size (VmRSS), MB. */
export const rssMb = (pid: number | "self") => statusKb(pid, "VmRSS") / 1024;
/** Starts the peak (VmHWM) again from the current RSS: what happens next has its own peak. */
export const resetPeakRss = (pid: number | "self") => writeFileSync(`/proc/${pid}/clear_refs`, "5");
/** User + system CPU time of the whole process (all threads), ms (10 ms resolution). */
/**
 * CPU time of the process, ms: the sum over its threads of /proc/PID/task/TID/schedstat's
 * nanosecond run time (/proc/PID/stat counts in 10 ms ticks, too coarse for a startup of a
 * few tens of ms); falls back to the ticks where schedstat is missing.
 */
export function cpuMs(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // the thread ended between the listing and the read
      }
    }
    if (ns > 0) return ns / 1e6;
  } catch {
    // no schedstat on this kernel
  }
  return ((stat(pid)?.cpuTicks ?? NaN) * 1000) / 100;
}

/** How long the process has been running, ms (10 ms resolution). */
export function ageMs(pid: number): number {
  const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
  const startTicks = Number(raw.slice(raw.lastIndexOf(")") + 2).split(" ")[19]);
  const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  return uptime * 1000 - startTicks * 10;
}
