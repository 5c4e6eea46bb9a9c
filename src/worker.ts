// Edge entry (Cloudflare Workers). Serves the index manifest for now; the search API and
// the Telegram webhook are added on top of the same loaded index.
import { bundledIndex } from "./search/bundled-index.js";

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/healthz") return Response.json(bundledIndex().manifest);
    return Response.json({ error: "not found" }, { status: 404 });
  },
} satisfies ExportedHandler;
