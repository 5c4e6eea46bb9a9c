import { defineConfig, type Plugin } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { outboundForTests, TEST_WORKER_BINDINGS } from "./test/support/bot-api-stand-in.js";
import { bundleExtractor, EXTRACTOR_NAME } from "./test/support/extractor-bundle.js";

// Miniflare's outboundService type is its own undici Request/Response; Miniflare wraps a
// returned Response that is not its own (loopback fetcher handler), so the global ones do.
type PoolOptions = Exclude<Parameters<typeof cloudflareTest>[0], (...args: never[]) => unknown>;
type OutboundHandler = NonNullable<PoolOptions["miniflare"]>["outboundService"];

// @orama/orama's dist/browser (what the worker project bundles) ships source maps naming
// sources the package does not include: Vite warns once per file, some 40 lines per run, for
// nothing a test can fix. Only that warning, and only for files under node_modules, is dropped.
const quietMissingSources: Plugin = {
  name: "quiet-missing-sources-in-node-modules",
  configResolved(config) {
    const warnOnce = config.logger.warnOnce;
    config.logger.warnOnce = (msg, options) => {
      if (/^Sourcemap for "[^"]*\/node_modules\/[^"]*" points to missing source files$/.test(msg)) return;
      warnOnce(msg, options);
    };
  },
};

// The D1 migrations (migrations/, as `wrangler d1 migrations apply` reads them), applied to the
// local D1 of the worker tests by test/support/apply-migrations.ts.
const d1Migrations = await readD1Migrations("./migrations");

// Two projects: Node-side code (ingestion, CLIs) runs in Node; everything the worker
// runs is tested inside workerd through the Cloudflare plugin.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
        },
      },
      {
        // The web pages in headless Chromium against `wrangler dev` (skipped, saying so, when no
        // Chromium is found): one file that starts its own server and browser.
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        plugins: [
          quietMissingSources,
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // Test settings for the bot (merged over wrangler.toml's).
              bindings: { ...TEST_WORKER_BINDINGS, TEST_MIGRATIONS: d1Migrations },
              // Two databases for the search tier's tests (src/tier/, shards 0 and 1); DB stays wrangler.toml's.
              d1Databases: { TIER_0: "tier-shard-0", TIER_1: "tier-shard-1" },
              // Every fetch from workerd (worker under test or test file) comes here, in this
              // process: https://botapi.test → the Bot API stand-in, anything else → 502.
              outboundService: outboundForTests as unknown as OutboundHandler,
              // The extractor worker, as deployed from wrangler.extractor.toml, behind the
              // service binding EXTRACTOR of wrangler.toml.
              workers: [
                {
                  name: EXTRACTOR_NAME,
                  modules: [{ type: "ESModule", path: "extractor.mjs", contents: bundleExtractor() }],
                  compatibilityDate: "2025-09-01",
                },
              ],
            },
          }),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["./test/support/apply-migrations.ts"],
          // The stand-in's state is shared by all files and reset by tests: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
