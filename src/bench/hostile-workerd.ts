// workerd side of `npm run bench:hostile`: the main worker (the bench entry, src/bench/
// worker-entry.ts, with its R2 bucket STORE) and the extractor worker behind the service binding
// EXTRACTOR, in one fresh workerd process per upload, as `wrangler dev` runs them. An upload is
// POSTed to /__bench/upload; time is its round trip, memory the workerd process's peak RSS over
// its RSS after a warm-up.
import { join } from "node:path";
import { REPO_ROOT } from "../cli/paths.js";
import { SAMPLE_POLICY } from "../../test/fixtures/sample-policy.js";
import { bundleExtractor, EXTRACTOR_NAME } from "../../test/support/extractor-bundle.js";
import { textPdf } from "../../test/support/hostile-files.js";
import { bundleWorker, type WorkerBundle } from "./bundle.js";
import type { HostileRun } from "./hostile-node-child.js";
import { peakRssMb, resetPeakRss, rssMb } from "./proc.js";
import { COMPATIBILITY_DATE, start, timed } from "./workerd.js";

export interface HostileWorkers {
  main: WorkerBundle;
  extractor: string;
}

export async function hostileWorkers(): Promise<HostileWorkers> {
  return { main: await bundleWorker(join(REPO_ROOT, "index"), join("src", "bench", "worker-entry.ts")), extractor: bundleExtractor() };
}

export async function uploadOnWorkerd(workers: HostileWorkers, bytes: Uint8Array, name: string, confirm: boolean): Promise<HostileRun> {
  const inst = await start(workers.main, { r2Buckets: ["STORE"], serviceBindings: { EXTRACTOR: EXTRACTOR_NAME } }, [
    { name: EXTRACTOR_NAME, modules: [{ type: "ESModule", path: "extractor.mjs", contents: workers.extractor }], compatibilityDate: COMPATIBILITY_DATE },
  ]);
  const upload = (b: Uint8Array, as: string, confirmIt = false) =>
    timed(inst.mf, `/__bench/upload?name=${encodeURIComponent(as)}${confirmIt ? "&confirm=1" : ""}`, [200], { method: "POST", body: b });
  try {
    // warm-up: the ingestion code in the main worker, PDF.js in the extractor
    await upload(new TextEncoder().encode(SAMPLE_POLICY), "warm.txt");
    await upload(textPdf(SAMPLE_POLICY).bytes, "warm.pdf");
    const rss0 = rssMb(inst.pid);
    resetPeakRss(inst.pid);
    let outcome: string;
    let answerMs: number;
    let publishMs: number | undefined;
    try {
      const preview = await upload(bytes, name);
      answerMs = preview.ms;
      outcome = (JSON.parse(preview.body) as { outcome: string; clauses?: number; chars?: number }).outcome;
      const parsed = JSON.parse(preview.body) as { clauses?: number; chars?: number };
      if (outcome === "preview") {
        outcome = `preview: ${parsed.clauses} clauses, ${parsed.chars} chars`;
        if (confirm) {
          // the same upload again, confirmed: its publish is the difference
          const published = await upload(bytes, name, true);
          publishMs = Math.max(0, published.ms - answerMs);
          outcome = outcome.replace("preview", (JSON.parse(published.body) as { outcome: string }).outcome);
        }
      }
    } catch (error) {
      return { answerMs: NaN, peakMb: Math.max(0, peakRssMb(inst.pid) - rss0), outcome: `failed: ${(error as Error).message.split("\n")[0].slice(0, 100)}` };
    }
    return { answerMs, publishMs, peakMb: Math.max(0, peakRssMb(inst.pid) - rss0), outcome };
  } finally {
    await inst.mf.dispose().catch(() => undefined);
  }
}
