// Node-only wrapper around nodejieba (native addon), loaded once with our domain dictionary.
//
// Note: nodejieba.load() replaces nodejieba's default user dict (user.dict.utf8: 云计算,
// 区块链, ...) by ours; it is process-global state, so nothing else in the process should
// call nodejieba.load() with other dictionaries.

import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

interface NodeJieba {
  load(opts?: { dict?: string; hmmDict?: string; userDict?: string }): void;
  cut(sentence: string, hmm?: boolean): string[];
  cutForSearch(sentence: string, hmm?: boolean): string[];
  DEFAULT_DICT: string;
  DEFAULT_HMM_DICT: string;
}

/** Our domain user dictionary (one word per line, no freq: weighted with the median weight). */
export const DOMAIN_DICT_PATH = fileURLToPath(new URL("./domain.dict.utf8", import.meta.url));

const require = createRequire(import.meta.url);
let instance: NodeJieba | undefined;

function jieba(): NodeJieba {
  if (!instance) {
    const nj = require("nodejieba") as NodeJieba;
    nj.load({ userDict: DOMAIN_DICT_PATH });
    instance = nj;
  }
  return instance;
}

/** The dictionary files nodejieba is loaded with (what the lexicon export must read). */
export function nodejiebaDictPaths(): { dict: string; hmmDict: string; userDict: string } {
  const nj = require("nodejieba") as NodeJieba;
  return { dict: nj.DEFAULT_DICT, hmmDict: nj.DEFAULT_HMM_DICT, userDict: DOMAIN_DICT_PATH };
}

// nodejieba's second argument is the HMM flag and defaults to FALSE (pure max-probability
// path). We only pass it when true: the addon reads it with As<Napi::Boolean>().

/** = nodejieba.cut(text) (hmm=false by default, like nodejieba). */
export function cut(text: string, hmm = false): string[] {
  return hmm ? jieba().cut(text, true) : jieba().cut(text);
}

/** = nodejieba.cutForSearch(text) (hmm=false by default, like nodejieba). */
export function cutForSearch(text: string, hmm = false): string[] {
  return hmm ? jieba().cutForSearch(text, true) : jieba().cutForSearch(text);
}
