// Bundles the extractor worker (src/extractor/worker.ts) the way wrangler does, for the
// worker tests: vitest.config.ts runs it beside the worker under test as the auxiliary worker
// "zhengcetong-extractor", which wrangler.toml's service binding EXTRACTOR points at.
import { buildSync } from "esbuild";
import { fileURLToPath } from "node:url";

export const EXTRACTOR_NAME = "zhengcetong-extractor";

export const bundleExtractor = (): string => bundleForWorkerd(fileURLToPath(new URL("../../src/extractor/worker.ts", import.meta.url)));

/** One ES module for workerd from `entry`, as wrangler bundles it (no minification). */
export function bundleForWorkerd(entry: string, nodePaths?: string[]): string {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    target: "es2024",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    logLevel: "silent",
    ...(nodePaths ? { nodePaths } : {}),
  });
  return result.outputFiles[0].text;
}
