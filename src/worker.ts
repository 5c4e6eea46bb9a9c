// Edge entry (Cloudflare Workers): the Hono app over the live index: the one an admin last
// published to the R2 bucket (binding STORE), else the index bundled with the worker.
import { createApp } from "./http/app.js";
import { serviceParsers, type ServiceFetcher } from "./ingest/extract/service-parsers.js";
import type { ManageDeps } from "./manage/deps.js";
import { bundledIndex } from "./search/bundled-index.js";
import type { BlobStore } from "./store/blob-store.js";
import { createLiveIndex, DEFAULT_CHECK_MS } from "./store/live-index.js";
import { r2Store } from "./store/r2-store.js";

// One per isolate: the bucket binding is the same object for every request.
let store: BlobStore | undefined;
let checkEveryMs = DEFAULT_CHECK_MS;
const live = createLiveIndex({ store: () => store, bundled: bundledIndex, checkEveryMs: () => checkEveryMs });
let manage: ManageDeps | undefined;

function bind(env: Record<string, unknown>): ManageDeps | undefined {
  const bucket = env.STORE as R2Bucket | undefined;
  if (!bucket) return undefined;
  if (!store) {
    store = r2Store(bucket);
    const seconds = Number(env.INDEX_CHECK_SECONDS);
    if (Number.isFinite(seconds) && seconds >= 0) checkEveryMs = seconds * 1000;
    const extractor = env.EXTRACTOR as ServiceFetcher | undefined;
    manage = { store, live, bundled: bundledIndex, now: () => new Date(), parsers: extractor ? serviceParsers(extractor) : undefined };
  }
  return manage;
}

const app = createApp({ index: () => live.get(), manage: bind, version: () => live.version() });

export default {
  fetch(request: Request, env: Record<string, unknown>, ctx: ExecutionContext) {
    bind(env);
    return app.fetch(request, env, ctx);
  },
};
