// /healthz in the worker names the index it serves: the one built into the worker bundle, or a
// published version in STORE (its key prefix), with the served manifest's content hash.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { bundledIndex } from "../../src/search/bundled-index.js";

interface Health {
  version: string;
  index: { contentHash: string };
  served: { version: string; from: string; path?: string; contentHash: string };
}

describe("GET /healthz in the worker", () => {
  it("says where the served index comes from", async () => {
    const body = await (await SELF.fetch("https://example.com/healthz")).json<Health>();
    expect(body.served.version).toBe(body.version);
    expect(body.served.contentHash).toBe(body.index.contentHash);
    // no test publishes before this one in this file: the bundled index, from the worker bundle
    expect(body.served).toEqual({ version: "bundled", from: "worker-bundle", contentHash: bundledIndex().manifest.contentHash });
  });
});
