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
    const response = await fetch(new URL("/admin/index", url), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ files, note }),
    });
    const body = (await response.json().catch(() => ({}))) as { version?: { id: string; documents: number; clauses: number }; message?: string };
    if (!response.ok || !body.version) {
      console.error(`not published (HTTP ${response.status}): ${body.message ?? "no answer"}; the live version is unchanged`);
      return 1;
    }
    console.log(`published ${body.version.id} to ${url}: ${body.version.documents} documents, ${body.version.clauses} clauses`);
    return 0;
  }

  const store = fileStore(resolve(data!));
  const bundled = readIndexDir(join(REPO_ROOT, "index"));
  const live = createLiveIndex({ store: () => store, bundled: () => bundled });
  try {
    const { entry } = await publishFiles({ store, live, bundled: () => bundled, now: () => new Date() }, files, "cli", note);
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
