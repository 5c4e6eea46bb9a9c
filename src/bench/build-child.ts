// Child process: builds one index with the repo's own builder, from a folder of documents
// to the files on disk, and reports the time of each step and the peak RSS.
import { readFileSync } from "node:fs";
import { buildIndex } from "../ingest/build/index.js";
import { readCorpus } from "../ingest/build/corpus.js";
import { readSynonyms } from "../ingest/build/synonyms.js";
import { writeIndex } from "../ingest/build/write-index.js";
import { reportResult } from "./child.js";

export interface BuildInput {
  input: string;
  out: string;
  synonyms: string;
}

export interface BuildResult {
  seconds: number;
  readMs: number;
  buildMs: number;
  writeMs: number;
  documents: number;
  clauses: number;
  peakRssMb: number;
}

async function run({ input, out, synonyms }: BuildInput): Promise<BuildResult> {
  const t0 = performance.now();
  const sources = readCorpus([input]);
  const groups = readSynonyms(synonyms);
  const t1 = performance.now();
  const built = await buildIndex(sources, groups);
  const t2 = performance.now();
  writeIndex(out, built.files);
  const t3 = performance.now();
  const hwm = Number(readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+)/)?.[1]) / 1024;
  return {
    seconds: (t3 - t0) / 1000,
    readMs: t1 - t0,
    buildMs: t2 - t1,
    writeMs: t3 - t2,
    documents: built.documents.length,
    clauses: built.clauses.length,
    peakRssMb: hwm,
  };
}

const arg = process.argv[2];
if (arg) reportResult(() => run(JSON.parse(arg) as BuildInput));
