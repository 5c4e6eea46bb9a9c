// Bundles src/worker.ts the way `wrangler deploy --minify` does (esbuild, ESM, es2024,
// conditions workerd/worker/browser, browser platform, keepNames, NODE_ENV=production),
// with the worker's `../../index/*.json` imports pointed at the index being measured.
import { build, type Plugin } from "esbuild";
import { builtinModules } from "node:module";
import { basename, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { readFile } from "node:fs/promises";
import { REPO_ROOT } from "../cli/paths.js";

export interface WorkerBundle {
  code: string;
  bytes: number;
  gzipBytes: number;
  seconds: number;
  /** Imports of Node built-ins ("node:fs", "fs"…) left in the bundle: must be empty. */
  nodeImports: string[];
  /** Bytes of the bundle that come from the index files (esbuild metafile). */
  indexBytes: number;
}

const INDEX_IMPORT = /^(\.\.\/)+index\/(manifest|documents|clauses|lexicon|synonyms|stats)\.json$/;

/**
 * Redirects `../../index/NAME.json` (from src/search/) to NAME.json in indexDir and loads it
 * as text, as wrangler.toml's Text rule for index/*.json does in production.
 */
function indexAlias(indexDir: string): Plugin {
  return {
    name: "bench-index-alias",
    setup(b) {
      b.onResolve({ filter: /index\/[a-z]+\.json$/ }, (args) =>
        INDEX_IMPORT.test(args.path) ? { path: join(resolve(indexDir), basename(args.path)), namespace: "index-text" } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "index-text" }, async (args) => ({
        contents: await readFile(args.path, "utf8"),
        loader: "text",
      }));
    },
  };
}

export async function bundleWorker(indexDir: string): Promise<WorkerBundle> {
  const started = performance.now();
  const result = await build({
    entryPoints: [join(REPO_ROOT, "src", "worker.ts")],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    write: false,
    outfile: "worker.js",
    format: "esm",
    target: "es2024",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    minify: true,
    keepNames: true,
    metafile: true,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"', "global.process.env.NODE_ENV": '"production"', "globalThis.process.env.NODE_ENV": '"production"' },
    plugins: [indexAlias(indexDir)],
  });
  const seconds = (performance.now() - started) / 1000;
  const code = result.outputFiles[0].text;
  const out = Object.values(result.metafile.outputs)[0];
  const indexInputs = Object.keys(out.inputs).filter((p) => resolve(REPO_ROOT, p.replace(/^index-text:/, "")).startsWith(resolve(indexDir)));
  if (indexInputs.length !== 6) throw new Error(`bundle did not take the index from ${indexDir}: ${indexInputs.join(", ")}`);
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const nodeImports = [
    ...out.imports.filter((i) => i.path.startsWith("node:") || builtins.has(i.path)).map((i) => i.path),
    ...[...code.matchAll(/(?:from\s*|import\s*\(?\s*|require\s*\(\s*)["'](node:[\w/]+)["']/g)].map((m) => m[1]),
  ];
  return {
    code,
    bytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code).length,
    seconds,
    nodeImports: [...new Set(nodeImports)],
    indexBytes: indexInputs.reduce((n, p) => n + out.inputs[p].bytesInOutput, 0),
  };
}
