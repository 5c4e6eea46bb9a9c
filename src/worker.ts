// Edge entry (Cloudflare Workers): the Hono app over the index bundled with the worker.
import { createApp } from "./http/app.js";
import { bundledIndex } from "./search/bundled-index.js";

export default createApp({ index: bundledIndex });
