// `npm start`'s HTTP edges: where it listens, what Node's own parser refuses (answered as JSON
// now, not with an empty body), wrong methods, nosniff, and parameters named like Object's own
// properties.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(args: string[] = [], env: Record<string, string> = {}) {
  const data = mkdtempSync(join(tmpdir(), "zct-http-"));
  dirs.push(data);
  const port = 24000 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/node.ts"), "--port", String(port), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: data, BOT_TOKEN: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => ((out += d), out.includes("API on") && resolve()));
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { port, out: () => out, data };
}

/** Bytes on a socket, as a client that does not encode its URL would send them; the raw answer. */
const raw = (port: number, request: Buffer) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(request));
    let answer = "";
    socket.on("data", (d) => (answer += d.toString("utf8")));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });

const outside = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

let server: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  server = await start();
}, 60_000);

describe("npm start (Node): HTTP edges", () => {
  it("listens on 127.0.0.1 by default, and says so", async () => {
    expect(server.out()).toContain(`政策通 API on http://127.0.0.1:${server.port}`);
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
    if (outside) await expect(fetch(`http://${outside}:${server.port}/healthz`)).rejects.toThrow();
  });

  it.runIf(outside)("listens where --host says", async () => {
    const open = await start(["--host", "0.0.0.0"]);
    expect((await fetch(`http://${outside}:${open.port}/healthz`)).status).toBe(200);
  }, 60_000);

  it("says why it cannot listen, and exits 2: a --host that is not this machine's, a port in use", async () => {
    for (const [args, why] of [
      [["--host", "203.0.113.99", "--port", String(server.port + 1)], "not an address of this machine"],
      [["--port", String(server.port)], "the port is taken"],
    ] as const) {
      const data = mkdtempSync(join(tmpdir(), "zct-http-"));
      dirs.push(data);
      const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/node.ts"), ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: data, BOT_TOKEN: "" } });
      let out = "";
      child.stderr.on("data", (d: Buffer) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code, out).toBe(2);
      expect(out).toContain(why);
    }
  }, 60_000);

  it("answers an over-long URL with 431 and the API's JSON error", async () => {
    const answer = await raw(server.port, Buffer.from(`GET /api/search?q=${"a".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toContain("application/json");
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toMatchObject({ error: "invalid_request" });
  });

  it("answers raw non-ASCII in the URL with 400 and the API's JSON error", async () => {
    const answer = await raw(server.port, Buffer.concat([Buffer.from("GET /api/search?q="), Buffer.from("技改", "utf8"), Buffer.from(" HTTP/1.1\r\nHost: x\r\n\r\n")]));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toMatchObject({ error: "invalid_request" });
  });

  it("405 with Allow on a wrong method, nosniff everywhere, and prototype-named parameters", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const post = await fetch(`${base}/api/search?q=x`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect(post.headers.get("x-content-type-options")).toBe("nosniff");
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      const res = await fetch(`${base}/api/search?q=${encodeURIComponent("技改")}&${name}=1`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("turns the admin API off with a weak ADMIN_TOKEN, and locks out a client that keeps guessing a strong one", async () => {
    const weak = await start([], { ADMIN_TOKEN: " ".repeat(30) });
    const off = await fetch(`http://127.0.0.1:${weak.port}/admin/index`, { headers: { authorization: `Bearer ${" ".repeat(30)}` } });
    expect(off.status).toBe(503);
    expect(((await off.json()) as { message: string }).message).toContain("printable ASCII without spaces");

    const token = "node-test-admin-token-0123456789";
    const strong = await start([], { ADMIN_TOKEN: token });
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await fetch(`http://127.0.0.1:${strong.port}/admin/index`, { headers: { authorization: `Bearer wrong-${i}-0123456789abcdefghij` } })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(new Set(statuses.slice(10))).toEqual(new Set([429]));
    // the refusals are one object, the day's count, not one each
    expect(readdirSync(join(strong.data, "audit"), { recursive: true }).filter((f) => String(f).endsWith(".json"))).toEqual([expect.stringMatching(/^refused\/\d{4}-\d{2}-\d{2}\.json$/)]);
  }, 60_000);
});
