// What the eval runs: any retrieval system that answers a question with ranked clauses,
// and the adapter for our own engine over a loaded index.
import { search } from "../search/engine.js";
import type { LoadedIndex } from "../search/load-index.js";
import type { Answer } from "./scoring.js";

export interface RetrievalSystem {
  name: string;
  search(q: string, k: number): Promise<Answer>;
}

export const OUR_SYSTEM_NAME = "政策通";

export function engineSystem(index: LoadedIndex, name = OUR_SYSTEM_NAME): RetrievalSystem {
  return {
    name,
    async search(q, k) {
      const response = await search(index, q, { k });
      return { answered: response.answered, results: response.results };
    },
  };
}
