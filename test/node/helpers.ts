import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { documentId, ingestDocument } from "../../src/ingest/document.js";
import { readCatalogue } from "../../src/ingest/build/corpus.js";

export const ROOT = resolve(fileURLToPath(new URL("../../", import.meta.url)));
export const SEEDS = join(ROOT, "seeds");
export const STARD = resolve(ROOT, "../shared/bench/stard/corpus");

export const seedFiles = () => readdirSync(SEEDS).filter((f) => f.endsWith(".txt")).sort();
export const readSeed = (file: string) => readFileSync(join(SEEDS, file), "utf8");

export function ingestSeed(file: string) {
  return ingestDocument({ id: documentId(file), source: file, text: readSeed(file), catalogue: readCatalogue(SEEDS)[file] });
}

/** The eval's normalisation: NFKC, letters and digits only. */
export const norm = (s: string) => s.normalize("NFKC").replace(/[^\p{L}\p{N}]/gu, "");
