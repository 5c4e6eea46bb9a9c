// `wrangler dev` started quietly and offline for one run, then stopped with everything it started:
// used by npm run demo:bot (scripts/demo-bot.ts) and the browser test (test/browser/).
//
// wrangler runs in its own process group, so that stopping it also stops its workerd; it reads
// only a settings file written here (--env-file: a .dev.vars with a real token is not read, nor
// this process's environment), keeps its local R2 and queue state in the run's own folder
// (--persist-to), uses its own dev registry (so no other `wrangler dev` on the machine is
// connected to it), listens on 127.0.0.1 only, and sends no telemetry or error reports, checks
// for no update and fetches no Request.cf data. The D1 migrations (migrations/) are applied to the
// run's local D1 first, as `wrangler d1 migrations apply` does before a deploy.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

export const ROOT = resolve(fileURLToPath(new URL("../../", import.meta.url)));
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

/** A failure to start or reach wrangler dev, with a message for the user (in Chinese, as the demo's). */
export class WranglerDevError extends Error {}

export interface WranglerDev {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Everything wrangler printed so far, colours removed. */
  output: () => string;
  exited: Promise<number | null>;
}

export interface WranglerDevOptions {
  /** A folder of this run's own: the settings file, local state and dev registry go there. */
  dir: string;
  port: number;
  inspectorPort: number;
  /** The worker's settings, lines of a .dev.vars file (KEY=value). */
  envLines?: string[];
  /** wrangler configuration files, relative to the project; wrangler.toml by default. */
  configs?: string[];
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startWranglerDev(options: WranglerDevOptions): WranglerDev {
  const { dir, port, inspectorPort } = options;
  const envFile = join(dir, "wrangler-dev.env");
  writeFileSync(envFile, [...(options.envLines ?? []), ""].join("\n"));
  let output = "";
  const add = (d: Buffer) => (output += stripVTControlCharacters(d.toString()));
  const configs = (options.configs ?? ["wrangler.toml"]).flatMap((c) => ["--config", join(ROOT, c)]);
  const env = {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_SEND_ERROR_REPORTS: "false",
    // no banner, and with it no check for a newer wrangler on the npm registry
    WRANGLER_HIDE_BANNER: "true",
    // Miniflare: the fallback Request.cf, not one fetched from workers.cloudflare.com
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    // a dev registry of its own: no other local `wrangler dev` is connected to this worker
    WRANGLER_REGISTRY_PATH: join(dir, "registry"),
    // the settings come from --env-file only, never from this process's environment
    CLOUDFLARE_INCLUDE_PROCESS_ENV: "false",
  };
  const migrated = spawnSync(
    process.execPath,
    [WRANGLER, "d1", "migrations", "apply", "zhengcetong", "--local", "--persist-to", join(dir, "state"), "--config", join(ROOT, "wrangler.toml")],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...env, CI: "1" }, timeout: 60_000 },
  );
  if (migrated.status !== 0) throw new WranglerDevError(`本地 D1 建表失败（wrangler d1 migrations apply）：${stripVTControlCharacters(`${migrated.stdout}${migrated.stderr}`).trim().slice(-500)}`);
  const child = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      ...configs,
      "--env-file", envFile,
      "--local",
      "--ip", "127.0.0.1",
      "--port", String(port),
      "--inspector-port", String(inspectorPort),
      "--persist-to", join(dir, "state"),
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      // its own process group: stopping the group stops workerd too (POSIX)
      detached: process.platform !== "win32",
      env,
    },
  );
  child.stdout!.on("data", add);
  child.stderr!.on("data", add);
  const exited = new Promise<number | null>((resolveExit) => {
    child.on("exit", (code, signal) => resolveExit(code ?? (signal ? 128 : null)));
    child.on("error", (e) => {
      output += `\n${e.message}\n`;
      resolveExit(-1);
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

export const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM to wrangler (it stops its workerd), then SIGKILL to whatever of its group is left. */
export async function stopWranglerDev(w: WranglerDev): Promise<void> {
  const pid = w.child.pid;
  if (pid === undefined) return;
  const grouped = process.platform !== "win32";
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGTERM");
  await Promise.race([w.exited, sleep(5_000)]);
  if (!grouped) {
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
    return;
  }
  for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // gone in between
    }
    for (let i = 0; i < 20 && groupAlive(pid); i++) await sleep(100);
  }
}

/** At once, for a process `exit` handler (no waiting there): SIGKILL to wrangler's whole group. */
export function killWranglerDevNow(w: WranglerDev | undefined): void {
  const pid = w?.child.pid;
  if (pid !== undefined && process.platform !== "win32" && groupAlive(pid)) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Why there is no use waiting for wrangler any longer, if there is a reason. */
export function wranglerDevGone(w: WranglerDev): string | undefined {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return "wrangler dev 提前退出了";
  // a build error leaves wrangler running, waiting for the file to change: no use waiting
  const error = /✘ \[ERROR\] (.*)/.exec(w.output());
  return error ? `wrangler dev 报错：${error[1]}` : undefined;
}

/** probe() until it gives a value; a WranglerDevError after ms, or as soon as gone() gives a reason. */
export async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>, gone?: () => string | undefined): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const why = gone?.();
    if (why) throw new WranglerDevError(why);
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new WranglerDevError(`等待${what}超时（${Math.round(ms / 1000)} 秒）`);
    await sleep(100);
  }
}

/** What /healthz answers, as far as the callers read it. */
export interface Health {
  bot?: { configured: boolean; error?: string };
  index?: { documents: number; clauses: number };
}

/** Waits until the worker answers /healthz with 200 (the first run bundles the worker: allow a minute or more). */
export function waitForHealthz(w: WranglerDev, ms: number): Promise<Health> {
  return waitFor(
    " wrangler dev 应答 /healthz ",
    ms,
    async () => {
      const r = await fetch(`${w.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      return r.ok ? ((await r.json()) as Health) : undefined;
    },
    () => wranglerDevGone(w),
  );
}
