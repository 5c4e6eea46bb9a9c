// The Bot API stand-in served over HTTP from Node, for what does not run in vitest's
// workerd: the bot's long polling from Node (`npm start`), `npm run webhook:set`, and a
// worker under `wrangler dev` (TELEGRAM_API_ROOT=http://127.0.0.1:PORT in .dev.vars).
//
//   tsx test/support/bot-api-stand-in-server.ts [--port 8081]
//
// Requests arrive at http://127.0.0.1:PORT/bot<token>/<method> and /__control/...; they are
// handed to the stand-in as if addressed to https://botapi.test, so it behaves exactly as in
// the worker tests. `standInAt(url)` is the control client.
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { BOT_API_ROOT, createBotApiStandIn, standInAt } from "./bot-api-stand-in.js";

export interface StandInServer {
  /** http://127.0.0.1:PORT, to use as TELEGRAM_API_ROOT. */
  url: string;
  control: ReturnType<typeof standInAt>;
  close(): Promise<void>;
}

export async function startStandInServer(port = 0): Promise<StandInServer> {
  const standIn = createBotApiStandIn();
  const fetch = async (request: Request) => {
    const url = new URL(request.url);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return standIn.handle(new Request(BOT_API_ROOT + url.pathname + url.search, { method: request.method, headers: request.headers, body }));
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch, port, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    control: standInAt(url),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const i = process.argv.indexOf("--port");
  const server = await startStandInServer(i > 0 ? Number(process.argv[i + 1]) : 8081);
  console.log(`Bot API stand-in on ${server.url} (calls: ${server.url}/__control/calls)`);
}
