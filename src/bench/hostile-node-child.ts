// Child process of `npm run bench:hostile`: one upload through npm start's path — parsed in a
// worker thread (src/node/extract-thread.ts), ingested and previewed, then with `confirm`
// published as 确认上线 does — in a fresh process, so its peak RSS is its own. Also reports the
// longest the main thread was blocked (what every other user's question waited).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { REPO_ROOT } from "../cli/paths.js";
import type { ManageDeps } from "../manage/deps.js";
import { publishChanges } from "../manage/publish.js";
import { createRefusalCounter } from "../manage/refusals.js";
import { pendingInput, prepareUpload } from "../manage/upload.js";
import { threadParsers } from "../node/extract-thread.js";
import { readIndexDir } from "../node/index-dir.js";
import { fileStore } from "../store/file-store.js";
import { createLiveIndex } from "../store/live-index.js";
import { SAMPLE_POLICY } from "../../test/fixtures/sample-policy.js";
import { textPdf } from "../../test/support/hostile-files.js";
import { reportResult } from "./child.js";
import { peakRssMb, resetPeakRss, rssMb } from "./proc.js";

export interface HostileNodeInput {
  file: string;
  name: string;
  confirm: boolean;
}

export interface HostileRun {
  /** Upload → the admin's answer (preview or refusal), ms. */
  answerMs: number;
  /** 确认上线 → published, ms (accepted files only). */
  publishMs?: number;
  /** Peak RSS over the RSS before the upload, MB (threads included). */
  peakMb: number;
  /** The longest stretch the main thread could not serve anyone else, ms. */
  blockedMs?: number;
  outcome: string;
}

async function run({ file, name, confirm }: HostileNodeInput): Promise<HostileRun> {
  const data = mkdtempSync(join(tmpdir(), "zct-hostile-"));
  try {
    const bundled = readIndexDir(join(REPO_ROOT, "index"));
    const store = fileStore(data);
    const live = createLiveIndex({ store: () => store, bundled: () => bundled, checkEveryMs: 0 });
    const deps: ManageDeps = { store, live, bundled: () => bundled, now: () => new Date(), parsers: threadParsers(), refusals: createRefusalCounter() };
    // warm-up: the ingestion code, and a parse in a thread
    await prepareUpload(deps, { name: "warm.txt", bytes: new TextEncoder().encode(SAMPLE_POLICY) }, 42);
    await prepareUpload(deps, textPdf(SAMPLE_POLICY), 42);
    (globalThis as { gc?: () => void }).gc?.();
    const rss0 = rssMb("self");
    resetPeakRss("self");
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const bytes = new Uint8Array(readFileSync(file));
    const t0 = performance.now();
    const prepared = await prepareUpload(deps, { name, bytes }, 42);
    const answerMs = performance.now() - t0;
    let publishMs: number | undefined;
    let outcome = prepared.ok ? `preview: ${prepared.preview.ingested.clauses.length} clauses, ${prepared.pending.text.length} chars` : `refused: ${prepared.code}`;
    if (prepared.ok && confirm) {
      const t1 = performance.now();
      await publishChanges(deps, { add: [pendingInput(prepared.pending)] }, "bench", "bench");
      publishMs = performance.now() - t1;
      outcome = outcome.replace("preview", "published");
    }
    delay.disable();
    return { answerMs, publishMs, peakMb: Math.max(0, peakRssMb("self") - rss0), blockedMs: delay.max / 1e6, outcome };
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}

const arg = process.argv[2];
if (arg) reportResult(() => run(JSON.parse(arg) as HostileNodeInput));
