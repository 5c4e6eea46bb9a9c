// Picking the sentences of a clause that matter to an enterprise owner: amounts, rates,
// caps, who qualifies, and the words of the question. Sentences are never cut.

const SENTENCE = /[^。；！？;!?\n]+[。；！？;!?]?/gu;

export function splitSentences(text: string): string[] {
  return (text.match(SENTENCE) ?? []).map((s) => s.trim()).filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** Amounts, rates, caps and money words: what a measure gives. */
const MEASURE = /\d+(\.\d+)?\s*(万元|亿元|元|%|‰|倍|家|户|个|年)|不超过|不低于|最高|最多|上限|给予|奖励|补贴|补助|奖补|贴息|资助|减免|减半|免收|优先/u;
/** Conditions: who qualifies and how to apply. */
const CONDITION = /符合|限|申报|申请|条件|对象|范围|适用|须|需|应当|经.{0,8}(验收|认定|审核)|除.{1,20}外|以上|以下|不再/u;

export function isMeasure(sentence: string): boolean {
  return MEASURE.test(sentence);
}

export function isCondition(sentence: string): boolean {
  return CONDITION.test(sentence);
}

/** Clauses this short are shown whole. */
export const SHORT_CLAUSE_CHARS = 140;

/**
 * The sentences of a clause worth showing, in their order: all of a short clause; of a long
 * one, those that state a measure or a condition or contain a word of the question.
 */
export function keySentences(text: string, queryWords: string[]): string[] {
  const sentences = splitSentences(text);
  if (text.length <= SHORT_CLAUSE_CHARS) return sentences;
  const picked = sentences.filter((s) => isMeasure(s) || isCondition(s) || queryWords.some((w) => w.length > 1 && s.includes(w)));
  return picked.length > 0 ? picked : sentences.slice(0, 2);
}

/** In a parent's lead-in: a sentence that says who qualifies or who is excluded. */
const ELIGIBILITY = /限.{0,20}申报|均可申报|符合|除.{1,20}外|不再纳入|不予|适用于|对象为|须|应当/u;
/** Conditions carried from parents are kept to about this many characters, nearest first. */
export const MAX_CONDITION_CHARS = 160;

/** From the lead-in of parent clauses: the sentences that say who qualifies, nearest kept first. */
export function qualifyingContext(context: string): string[] {
  const eligible = splitSentences(context).filter((s) => ELIGIBILITY.test(s));
  const kept: string[] = [];
  let length = 0;
  for (let i = eligible.length - 1; i >= 0; i--) {
    if (kept.length > 0 && length + eligible[i].length > MAX_CONDITION_CHARS) break;
    kept.unshift(eligible[i]);
    length += eligible[i].length;
  }
  return kept;
}
