// npm run demo:bot end to end: the Bot API stand-in and `wrangler dev` started, a question
// posted to the webhook, the bot's reply printed as plain text, and nothing left running
// afterwards (no wrangler, no workerd), also when the demo is stopped with Ctrl-C.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { norm, ROOT, SEEDS } from "./helpers.js";

interface Run {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

const running: Run[] = [];

function demo(args: string[]): Run {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts/demo-bot.ts"), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TMPDIR: process.env.TMPDIR ?? "/tmp" },
  });
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
  const run = { child, out: () => out, exited };
  running.push(run);
  return run;
}

async function until<T>(what: string, probe: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Command lines of the processes running now. */
function commandLines(): { pid: number; ppid: number; cmd: string }[] {
  const out = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      out.push({ pid: Number(entry), ppid, cmd });
    } catch {
      // ended while listed
    }
  }
  return out;
}

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

// A run that a failed assertion left behind is stopped the way a user would (Ctrl-C), then killed.
afterEach(async () => {
  for (const run of running.splice(0)) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) continue;
    run.child.kill("SIGINT");
    const code = await Promise.race([run.exited, new Promise((r) => setTimeout(() => r("late"), 15_000))]);
    if (code === "late") run.child.kill("SIGKILL");
  }
});

const seedText = readdirSync(SEEDS)
  .filter((f) => f.endsWith(".txt"))
  .map((f) => norm(readFileSync(join(SEEDS, f), "utf8")))
  .join("\n");
const titles = (JSON.parse(readFileSync(join(ROOT, "index/documents.json"), "utf8")) as { title: string }[]).map((d) => d.title);

describe.skipIf(process.platform !== "linux")("npm run demo:bot", () => {
  it("answers a question given on the command line through wrangler dev and the stand-in, prints it as plain text, and stops both", { timeout: 120_000 }, async () => {
    const run = demo(["我能申请哪些技改补贴"]);
    const code = await Promise.race([run.exited, new Promise((r) => setTimeout(() => r("still running"), 110_000))]);
    const out = run.out();
    expect(code, out).toBe(0);

    expect(out).toContain("用户提问：我能申请哪些技改补贴");
    const port = Number(/worker（wrangler dev）：http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    expect(port, out).toBeGreaterThan(0);
    const reply = out.slice(out.indexOf("机器人回复"), out.indexOf("已停止 wrangler dev 和 Bot API 替身。"));
    expect(reply).toContain("问：我能申请哪些技改补贴");
    // plain text: Telegram's rendering, no HTML tags or entities left
    expect(reply).not.toMatch(/<\/?b>|&lt;|&gt;|&amp;/);
    // a real clause: a bullet line printed word for word from one of the policy documents
    const bullets = reply.split("\n").filter((l) => l.startsWith("· ")).map((l) => norm(l.slice(2)));
    expect(bullets.length, reply).toBeGreaterThan(0);
    expect(bullets.some((b) => b.length >= 10 && seedText.includes(b)), reply).toBe(true);
    // and its citation: the document it comes from, by its title in 《》, is one of the index
    const cited = [...reply.matchAll(/《([^》]+)》/g)].map((m) => m[1]);
    expect(cited.filter((t) => titles.includes(t)).length, reply).toBeGreaterThan(0);
    // with the clause's place in it (chapter › section …)
    expect(reply).toMatch(/^\S.* › .+$/m);

    // nothing left listening or running: wrangler's workerd served that port
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect(commandLines().filter((p) => p.cmd.includes(`127.0.0.1:${port}`))).toEqual([]);
  });

  it("--help explains itself in Chinese and starts nothing", { timeout: 30_000 }, async () => {
    const run = demo(["--help"]);
    expect(await run.exited).toBe(0);
    expect(run.out()).toContain("用法：npm run demo:bot");
    expect(run.out()).not.toContain("正在启动");
  });

  it("on Ctrl-C, stops wrangler dev and everything it started (its process group: both workerd, esbuild)", { timeout: 120_000 }, async () => {
    const run = demo([]);
    const pid = run.child.pid!;
    // wrangler, started by the demo in a process group of its own, and its workerd
    const wrangler = await until("wrangler dev to start", () => commandLines().find((p) => p.ppid === pid && p.cmd.includes("wrangler.js dev")), 60_000);
    // the demo is held still (it would otherwise ask and finish within seconds) while wrangler
    // starts its workerd processes: the one serving the port, and the one running the worker
    run.child.kill("SIGSTOP");
    try {
      await until(
        "wrangler's two workerd processes",
        () => (commandLines().filter((p) => p.cmd.includes("workerd serve") && processGroup(p.pid) === wrangler.pid).length >= 2 ? true : undefined),
        60_000,
      );
    } finally {
      // Ctrl-C, then let it go on: the first thing it does is the signal's handler
      run.child.kill("SIGINT");
      run.child.kill("SIGCONT");
    }
    expect(await run.exited).toBe(130);
    expect(run.out()).toContain("收到 SIGINT，正在停止 wrangler dev 和 Bot API 替身");
    expect(run.out()).toContain("已停止。");
    expect(groupAlive(wrangler.pid)).toBe(false);
  });
});

function processGroup(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  } catch {
    return undefined;
  }
}
