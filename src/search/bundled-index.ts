// The index that ships inside the worker bundle (index/, rebuilt by `npm run index`),
// loaded once per isolate on first use. wrangler.toml ships the files as Text modules
// (strings, parsed here on first use); bundlers without that rule (vite in tests) hand
// over the parsed JSON: both are accepted.
import clauses from "../../index/clauses.json";
import documents from "../../index/documents.json";
import lexicon from "../../index/lexicon.json";
import manifest from "../../index/manifest.json";
import postings from "../../index/postings.json";
import synonyms from "../../index/synonyms.json";
import { loadIndex, type LoadedIndex } from "./load-index.js";

let loaded: LoadedIndex | undefined;

const json = (module: unknown): unknown => (typeof module === "string" ? JSON.parse(module) : module);

export function bundledIndex(): LoadedIndex {
  return (loaded ??= loadIndex({
    manifest: json(manifest),
    documents: json(documents),
    clauses: json(clauses),
    lexicon: json(lexicon),
    synonyms: json(synonyms),
    postings: json(postings),
  }));
}
