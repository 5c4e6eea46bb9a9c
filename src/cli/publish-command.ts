// npm run publish:index -- [--index DIR] (--url URL | --data DIR) [--note TEXT]
// Publishes an index built with `npm run index` (a large batch prepared offline) as the new
// live version: to a worker through its admin API (deployed, or `npm run dev` locally), or
// straight into the data folder `npm start` serves. Either way the version is checked before
// it goes live, and /rollback (or POST /admin/rollback) goes back.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { INDEX_FILES } from "../ingest/build/serialise.js";
import { publishFiles } from "../manage/publish.js";
import { audit } from "../manage/audit.js";
import { createRefusalCounter } from "../manage/refusals.js";
import { readIndexDir } from "../node/index-dir.js";
import { PublishError } from "../store/index-versions.js";
import { fileStore } from "../store/file-store.js";
import { createLiveIndex } from "../store/live-index.js";
import { parseArgs, UsageError } from "./args.js";
import { REPO_ROOT } from "./paths.js";

export const PUBLISH_USAGE = `npm run publish:index -- [--index DIR] (--url URL | --data DIR) [--note TEXT]
  --index DIR  the built index to publish; default index/
  --url URL    a worker (https://….workers.dev, or http://localhost:8787 under npm run dev);
               needs ADMIN_TOKEN in the environment, the same as the worker's
  --data DIR   the data folder of \`npm start\` (its DATA_DIR; default data/)
  --note TEXT  what this version is, shown by /rollback`;

/** A publish of a large index takes seconds (written, read back, checked): generous, but not forever. */
const PUBLISH_TIMEOUT_MS = 5 * 60_000;

export async function publishCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ["index", "url", "data", "note"] });
  const dir = resolve(args.values.index?.[0] ?? join(REPO_ROOT, "index"));
  const url = args.values.url?.[0];
  const data = args.values.data?.[0];
  if ((url === undefined) === (data === undefined)) throw new UsageError("give exactly one of --url and --data");
  const note = args.values.note?.[0] ?? `npm run publish:index from ${dir}`;
  const files = Object.fromEntries(Object.values(INDEX_FILES).map((n) => [n, readFileSync(join(dir, n), "utf8")]));

  if (url !== undefined) {
    const token = process.env.ADMIN_TOKEN;
    if (!token) throw new UsageError("--url needs ADMIN_TOKEN in the environment");
    return publishToUrl(url, token, files, note);
  }

  const store = fileStore(resolve(data!));
  const bundled = readIndexDir(join(REPO_ROOT, "index"));
  const live = createLiveIndex({ store: () => store, bundled: () => bundled });
  try {
    const { entry } = await publishFiles({ store, live, bundled: () => bundled, now: () => new Date(), refusals: createRefusalCounter() }, files, "cli", note);
    await audit(store, { by: "cli", action: "publish", ok: true, detail: `${entry.id} from ${dir}` });
    console.log(`published ${entry.id} to ${resolve(data!)}: ${entry.documents} documents, ${entry.clauses} clauses (npm start serves it within INDEX_CHECK_SECONDS)`);
    return 0;
  } catch (e) {
    if (!(e instanceof PublishError)) throw e;
    await audit(store, { by: "cli", action: "publish", ok: false, detail: e.message });
    console.error(`not published (${e.step}): ${e.message}; the live version is unchanged`);
    return 1;
  }
}

interface LiveAnswer {
  current?: { id: string; contentHash: string; documents: number; clauses: number };
}

/** POST /admin/index; when the answer is lost, GET /admin/index tells whether the switch happened. */
async function publishToUrl(url: string, token: string, files: Record<string, string>, note: string): Promise<number> {
  const authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(new URL("/admin/index", url), {
      method: "POST",
      headers: { "content-type": "application/json", authorization },
      body: JSON.stringify({ files, note }),
      signal: AbortSignal.timeout(PUBLISH_TIMEOUT_MS),
    });
  } catch (e) {
    return afterLostAnswer(url, authorization, files, `the connection failed (${(e as Error).name})`);
  }
  const body = (await response.json().catch(() => undefined)) as { version?: { id: string; documents: number; clauses: number }; error?: string; message?: string } | undefined;
  if (response.ok && body?.version) {
    console.log(`published ${body.version.id} to ${url}: ${body.version.documents} documents, ${body.version.clauses} clauses`);
    return 0;
  }
  if (body === undefined || response.status >= 500) return afterLostAnswer(url, authorization, files, `HTTP ${response.status}${body?.message ? `: ${body.message}` : ""}`);
  console.error(`not published (HTTP ${response.status}${body.error ? ` ${body.error}` : ""}): ${body.message ?? "no answer"}; the live version is unchanged`);
  return 1;
}

async function afterLostAnswer(url: string, authorization: string, files: Record<string, string>, what: string): Promise<number> {
  const sent = (JSON.parse(files[INDEX_FILES.manifest]) as { contentHash?: string }).contentHash;
  let live: LiveAnswer | undefined;
  try {
    const r = await fetch(new URL("/admin/index", url), { headers: { authorization }, signal: AbortSignal.timeout(30_000) });
    live = r.ok ? ((await r.json()) as LiveAnswer) : undefined;
  } catch {
    live = undefined;
  }
  if (live?.current && live.current.contentHash === sent) {
    console.log(`published ${live.current.id} to ${url}: ${live.current.documents} documents, ${live.current.clauses} clauses (${what}, but the live version holds this index)`);
    return 0;
  }
  if (live?.current) {
    console.error(`not published: ${what}; the live version is ${live.current.id}, not this index`);
    return 1;
  }
  console.error(`unknown whether it was published: ${what}, and GET /admin/index did not answer; check with it before publishing again`);
  return 1;
}
