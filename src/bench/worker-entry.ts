// The bench's worker: the production worker (src/worker.ts) plus one route,
// /__bench/repeat?n=N&path=P, that serves P through the same app N times inside the isolate,
// so a request's own cost can be timed without the Node ↔ workerd dispatch (~4 ms, noisy)
// that a single request pays. Bundled by the bench only, never deployed.
import worker from "../worker.js";

export default {
  async fetch(request: Request, env: unknown, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
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
