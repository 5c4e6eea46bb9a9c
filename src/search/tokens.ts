// How text becomes index words, on both hosts: normalise, segment in search mode with HMM
// (keeps "2017", "B2G", "4.73" whole), keep tokens that have a letter or digit. The build
// passes nodejieba's cutForSearch, the edge the TypeScript one: same rule, same tokens.
import { isWordToken, normaliseForSearch } from "./normalise.js";

export const SEGMENT_HMM = true;

export type CutForSearch = (text: string, hmm: boolean) => string[];

export function wordTokens(cutForSearch: CutForSearch, text: string): string[] {
  return cutForSearch(normaliseForSearch(text), SEGMENT_HMM).filter(isWordToken);
}
