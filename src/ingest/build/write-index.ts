// Node: writes an index folder (index/ or --out DIR) from its files (./serialise.ts).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { indexFileNames } from "./serialise.js";

export { INDEX_FILES, OPTIONAL_INDEX_FILES, serialiseIndex } from "./serialise.js";

/** Replaces the index files in `dir` (other files there are left alone). */
export function writeIndex(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (indexFileNames(() => true).includes(name) && !(name in files)) rmSync(join(dir, name));
  }
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
}
