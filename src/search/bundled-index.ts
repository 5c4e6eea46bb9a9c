// The index that ships inside the worker bundle (index/, rebuilt by `npm run index`),
// loaded once per isolate on first use.
import clauses from "../../index/clauses.json";
import documents from "../../index/documents.json";
import lexicon from "../../index/lexicon.json";
import manifest from "../../index/manifest.json";
import synonyms from "../../index/synonyms.json";
import { loadIndex, type LoadedIndex } from "./load-index.js";

let loaded: LoadedIndex | undefined;

export function bundledIndex(): LoadedIndex {
  return (loaded ??= loadIndex({ manifest, documents, clauses, lexicon, synonyms }));
}
