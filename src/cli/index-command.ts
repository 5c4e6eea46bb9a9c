// npm run index [-- --input DIR …] [--out DIR] [--check]
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildIndex } from "../ingest/build/index.js";
import { readCorpus } from "../ingest/build/corpus.js";
import { readSynonyms } from "../ingest/build/synonyms.js";
import { writeIndex } from "../ingest/build/write-index.js";
import { learnFrom } from "../eval/learn.js";
import { parseHalf } from "../eval/halves.js";
import { parseArgs, UsageError } from "./args.js";
import { REPO_ROOT } from "./paths.js";

export const INDEX_USAGE = `npm run index [-- --input DIR [--input DIR…]] [--out DIR] [--learn FILE…] [--learn-half a|b] [--check]
  --input DIR  folder of .txt/.md documents (and an optional catalogue.json); default seeds/
  --out DIR    where to write the index; default index/
  --synonyms F the synonym table; default seeds/synonyms.tsv
  --learn FILE confirmed questions (the eval formats: seed questions, STARD): each is indexed
               as a learned question (常见问法) of the clauses that answer it
  --learn-half a|b  learn only from one half of the questions (npm run eval -- --half: the other)
  --check      build in memory and compare with --out: exit 1 if it is stale`;

export async function indexCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ["input", "out", "synonyms", "learn", "learn-half"], flags: ["check"] });
  const inputs = (args.values.input ?? [join(REPO_ROOT, "seeds")]).map((d) => resolve(d));
  const out = resolve(args.values.out?.[0] ?? join(REPO_ROOT, "index"));
  const started = performance.now();
  const synonyms = readSynonyms(resolve(args.values.synonyms?.[0] ?? join(REPO_ROOT, "seeds", "synonyms.tsv")));
  let half;
  try {
    half = parseHalf(args.values["learn-half"]?.[0]);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (half && !args.values.learn) throw new UsageError("--learn-half needs --learn FILE");
  const learnFiles = (args.values.learn ?? []).map((f) => resolve(f));
  const learn = learnFiles.length
    ? learnFrom(learnFiles, half, (r) => console.log(`learned ${r.questions} questions${half ? ` (half ${half})` : ""}: ${r.pairs} question → clause pairs, ${r.unmatched} with no answering clause in this corpus`))
    : undefined;
  const built = await buildIndex(readCorpus(inputs), synonyms, learn);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  if (args.flags.has("check")) {
    const stale = Object.entries(built.files).filter(([name, data]) => {
      const file = join(out, name);
      return !existsSync(file) || readFileSync(file, "utf8") !== data;
    });
    if (stale.length > 0) {
      console.error(`index is stale: ${stale.map(([n]) => n).join(", ")} differ from ${out}; run \`npm run index\` and commit it`);
      return 1;
    }
    console.log(`index is up to date (${out})`);
    return 0;
  }
  writeIndex(out, built.files);
  const bytes = Object.values(built.files).reduce((n, d) => n + Buffer.byteLength(d), 0);
  console.log(
    `indexed ${built.documents.length} documents, ${built.clauses.length} clauses → ${out} (${(bytes / 1024).toFixed(0)} KiB, ${seconds} s)`,
  );
  return 0;
}
