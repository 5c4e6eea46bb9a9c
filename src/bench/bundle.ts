// Bundles src/worker.ts the way `wrangler deploy --minify` does (esbuild, ESM, es2024,
// conditions workerd/worker/browser, browser platform, keepNames, NODE_ENV=production),
// with the worker's `../../index/*.json` imports pointed at the index being measured.
import { build, type Plugin } from "esbuild";
import { builtinModules } from "node:module";
import { basename, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { REPO_ROOT } from "../cli/paths.js";

export interface WorkerBundle {
  /** The worker script (ES module). */
  code: string;
  /** The index files, as the Text modules wrangler.toml ships them (imported by the script). */
  modules: { path: string; contents: string }[];
  bytes: number;
  gzipBytes: number;
  seconds: number;
  /** Imports of Node built-ins ("node:fs", "fs"…) left in the bundle: must be empty. */
  nodeImports: string[];
  /** Bytes of the bundle that come from the index files (esbuild metafile). */
  indexBytes: number;
}

const INDEX_IMPORT = /^(\.\.\/)+index\/(manifest|documents|clauses|lexicon|synonyms|postings)\.json$/;

/**
 * Leaves `../../index/NAME.json` (from src/search/) out of the script as an import of
 * `./index/NAME.json`, shipped beside it as a Text module: what wrangler.toml's Text rule
 * for index/*.json does in production.
 */
function indexAsTextModules(): Plugin {
  return {
    name: "bench-index-text-modules",
    setup(b) {
      b.onResolve({ filter: /index\/[a-z]+\.json$/ }, (args) =>
        INDEX_IMPORT.test(args.path) ? { path: `./index/${basename(args.path)}`, external: true } : undefined,
      );
    },
  };
}

/**
 * The index files wrangler.toml ships as Data modules (bytes) rather than Text: read from its
 * [[rules]] so that the bench measures what a deploy ships.
 */
export function dataModules(): string[] {
  const toml = readFileSync(join(REPO_ROOT, "wrangler.toml"), "utf8");
  const files: string[] = [];
  for (const rule of toml.split("[[rules]]").slice(1)) {
    const body = rule.split(/\n\[/)[0];
    if (!/^type\s*=\s*"Data"/m.test(body)) continue;
    for (const glob of body.match(/"\*\*\/index\/([a-z]+\.json)"/g) ?? []) files.push(glob.slice(10, -1));
  }
  return files;
}

/** entry: the worker module to bundle (default the production one; the bench adds src/bench/worker-entry.ts). */
export async function bundleWorker(indexDir: string, entry = join("src", "worker.ts")): Promise<WorkerBundle> {
  const started = performance.now();
  const result = await build({
    entryPoints: [join(REPO_ROOT, entry)],
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
    plugins: [indexAsTextModules()],
  });
  const seconds = (performance.now() - started) / 1000;
  const code = result.outputFiles[0].text;
  const out = Object.values(result.metafile.outputs)[0];
  const imported = out.imports.filter((i) => i.external && /^\.\/index\/[a-z]+\.json$/.test(i.path)).map((i) => i.path);
  if (imported.length !== 6) throw new Error(`the worker does not import the 6 index files: ${imported.join(", ")}`);
  const modules = await Promise.all(
    imported.map(async (path) => ({
      path: path.slice(2),
      contents: await readFile(join(resolve(indexDir), basename(path)), "utf8"),
      type: dataModules().includes(basename(path)) ? ("Data" as const) : ("Text" as const),
    })),
  );
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const nodeImports = [
    ...out.imports.filter((i) => i.path.startsWith("node:") || builtins.has(i.path)).map((i) => i.path),
    ...[...code.matchAll(/(?:from\s*|import\s*\(?\s*|require\s*\(\s*)["'](node:[\w/]+)["']/g)].map((m) => m[1]),
  ];
  const indexBytes = modules.reduce((n, m) => n + Buffer.byteLength(m.contents), 0);
  return {
    code,
    modules,
    bytes: Buffer.byteLength(code) + indexBytes,
    gzipBytes: gzipSync(code).length + modules.reduce((n, m) => n + gzipSync(m.contents).length, 0),
    seconds,
    nodeImports: [...new Set(nodeImports)],
    indexBytes,
  };
}
