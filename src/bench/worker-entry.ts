// The bench's worker: the production worker (src/worker.ts) plus two routes, never deployed:
//   /__bench/repeat?n=N&path=P  serves P through the same app N times inside the isolate, so
//                               a request's own cost can be timed without the Node ↔ workerd
//                               dispatch (~4 ms, noisy) that a single request pays;
//   /__bench/rebuild            what an admin's 确认上线 costs before the store writes: the
//                               bundled index rebuilt on the edge with one document added,
//                               serialised (hashes included) and loaded back.
import worker from "../worker.js";
import { rebuildIndex } from "../ingest/build/rebuild.js";
import { bundledIndex } from "../search/bundled-index.js";
import { loadIndexText } from "../search/load-index.js";
import { SAMPLE_POLICY } from "../../test/fixtures/sample-policy.js";

export default {
  async fetch(request: Request, env: Record<string, unknown>, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/__bench/rebuild") {
      const rebuilt = await rebuildIndex(bundledIndex(), { add: [{ id: "u_bench", source: "bench.txt", text: SAMPLE_POLICY }] });
      const index = loadIndexText(rebuilt.files);
      return Response.json({ documents: index.documents.length, clauses: index.manifest.clauses, bytes: Object.values(rebuilt.files).reduce((n, f) => n + f.length, 0) });
    }
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
