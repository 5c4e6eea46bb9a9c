// The bench's worker: the production worker (src/worker.ts) plus two routes, never deployed:
//   /__bench/repeat?n=N&path=P  serves P through the same app N times inside the isolate, so
//                               a request's own cost can be timed without the Node ↔ workerd
//                               dispatch (~4 ms, noisy) that a single request pays;
//   /__bench/rebuild            what an admin's 确认上线 costs before the store writes: the
//                               bundled index rebuilt on the edge with one document added,
//                               serialised (hashes included) and loaded back;
//   /__bench/upload?name=N      an admin's upload as the bot handles it (POST, the file's bytes):
//   [&confirm=1]                extracted (.docx/PDF by the EXTRACTOR service), ingested and
//                               previewed, its original and pending entry stored in STORE; with
//                               confirm=1 also published as 确认上线 does (npm run bench:hostile).
import worker from "../worker.js";
import { rebuildIndex } from "../ingest/build/rebuild.js";
import { bundledIndex } from "../search/bundled-index.js";
import { loadIndexText } from "../search/load-index.js";
import { SAMPLE_POLICY } from "../../test/fixtures/sample-policy.js";
import { serviceParsers, type ServiceFetcher } from "../ingest/extract/service-parsers.js";
import type { ManageDeps } from "../manage/deps.js";
import { publishChanges } from "../manage/publish.js";
import { createRefusalCounter } from "../manage/refusals.js";
import { pendingInput, prepareUpload } from "../manage/upload.js";
import { createLiveIndex } from "../store/live-index.js";
import { r2Store } from "../store/r2-store.js";

async function benchUpload(request: Request, env: Record<string, unknown>): Promise<Response> {
  const url = new URL(request.url);
  const store = r2Store(env.STORE as R2Bucket);
  const live = createLiveIndex({ store: () => store, bundled: bundledIndex, checkEveryMs: 0 });
  const deps: ManageDeps = { store, live, bundled: bundledIndex, now: () => new Date(), parsers: serviceParsers(env.EXTRACTOR as ServiceFetcher), refusals: createRefusalCounter() };
  const bytes = new Uint8Array(await request.arrayBuffer());
  const prepared = await prepareUpload(deps, { name: url.searchParams.get("name") ?? "upload.txt", bytes }, 42);
  if (!prepared.ok) return Response.json({ outcome: `refused: ${prepared.code}` });
  const clauses = prepared.preview.ingested.clauses.length;
  if (url.searchParams.get("confirm") !== "1") return Response.json({ outcome: "preview", clauses, chars: prepared.pending.text.length });
  const published = await publishChanges(deps, { add: [pendingInput(prepared.pending)] }, "bench", "bench");
  return Response.json({ outcome: "published", clauses, chars: prepared.pending.text.length, version: published.entry.id });
}

export default {
  async fetch(request: Request, env: Record<string, unknown>, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/__bench/rebuild") {
      const rebuilt = await rebuildIndex(bundledIndex(), { add: [{ id: "u_bench", source: "bench.txt", text: SAMPLE_POLICY }] });
      const index = loadIndexText(rebuilt.files);
      return Response.json({ documents: index.documents.length, clauses: index.manifest.clauses, bytes: Object.values(rebuilt.files).reduce((n, f) => n + f.length, 0) });
    }
    if (url.pathname === "/__bench/upload") return benchUpload(request, env);
    if (url.pathname !== "/__bench/repeat") return worker.fetch(request, env, ctx);
    const n = Number(url.searchParams.get("n") ?? "1");
    const target = new URL(url.searchParams.get("path") ?? "/healthz", url);
    let status = 200;
    for (let i = 0; i < n; i++) {
      const response = await worker.fetch(new Request(target), env, ctx);
      await response.text();
      status = Math.max(status, response.status);
    }
    return new Response(String(n), { status: status === 200 ? 200 : 500 });
  },
};
