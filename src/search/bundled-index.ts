// The index that ships inside the worker bundle (index/, rebuilt by `npm run index`),
// loaded once per isolate on first use. wrangler.toml ships the clause store as a Data module
// (bytes) and the other files as Text modules (strings), parsed here on first use; bundlers
// without those rules (vite in tests) hand over the parsed JSON: all are accepted. It is part
// of the code, not input: its documents get a shape check, not the full schema (load-index.ts).
import clauses from "../../index/clauses.json";
import documents from "../../index/documents.json";
import lexicon from "../../index/lexicon.json";
import manifest from "../../index/manifest.json";
import postings from "../../index/postings.json";
import synonyms from "../../index/synonyms.json";
import { loadIndex, type LoadedIndex } from "./load-index.js";

let loaded: LoadedIndex | undefined;

/** A module as wrangler's Data rule (bytes), its Text rule (a string) or a bundler's JSON import (parsed) hands it over. */
const json = (module: unknown): unknown =>
  module instanceof ArrayBuffer || ArrayBuffer.isView(module)
    ? JSON.parse(new TextDecoder().decode(module as ArrayBuffer))
    : typeof module === "string"
      ? JSON.parse(module)
      : module;

export function bundledIndex(): LoadedIndex {
  return (loaded ??= loadIndex(
    {
      manifest: json(manifest),
      documents: json(documents),
      clauses: json(clauses),
      lexicon: json(lexicon),
      synonyms: json(synonyms),
      postings: json(postings),
    },
    { check: "bundled" },
  ));
}
