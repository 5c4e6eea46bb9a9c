// Button data: "<action>:<index version>:<payload>", at most 64 bytes whatever the clause ids
// look like. Clauses and documents are referred to by their position in the index (base 36),
// and the index version (the start of its content hash) makes a button pressed after the
// index changed recognisable, so it gets a clear reply instead of the wrong clause.
export const MAX_CALLBACK_BYTES = 64;

export type ButtonAction =
  /** 查看原文: one clause, whole. */
  | { kind: "clause"; clause: number }
  /** 更多结果: the next clauses of a ranking, in order. */
  | { kind: "more"; clauses: number[] }
  /** 来源文件: a document's metadata. */
  | { kind: "document"; document: number }
  /** /start's example questions. */
  | { kind: "example"; example: number };

const CODES = { clause: "c", more: "m", document: "d", example: "q" } as const;

export const indexVersion = (contentHash: string) => contentHash.slice(0, 8);

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** Encodes a button; for "more", keeps as many clauses as fit (at least one). */
export function encodeButton(action: ButtonAction, version: string): string {
  const head = `${CODES[action.kind]}:${version}:`;
  let data: string;
  switch (action.kind) {
    case "clause":
      data = head + action.clause.toString(36);
      break;
    case "document":
      data = head + action.document.toString(36);
      break;
    case "example":
      data = head + action.example.toString(36);
      break;
    case "more": {
      data = head + action.clauses[0].toString(36);
      for (const c of action.clauses.slice(1)) {
        const next = `${data}.${c.toString(36)}`;
        if (bytes(next) > MAX_CALLBACK_BYTES) break;
        data = next;
      }
      break;
    }
  }
  if (bytes(data) > MAX_CALLBACK_BYTES) throw new Error(`button data too long: ${data}`);
  return data;
}

export type DecodedButton = { ok: true; action: ButtonAction; version: string } | { ok: false };

export function decodeButton(data: string): DecodedButton {
  const m = /^([cmdq]):([0-9a-f]{1,16}):([0-9a-z]+(?:\.[0-9a-z]+)*)$/.exec(data);
  if (!m) return { ok: false };
  const numbers = m[3].split(".").map((s) => parseInt(s, 36));
  if (numbers.some((n) => !Number.isSafeInteger(n))) return { ok: false };
  const version = m[2];
  switch (m[1]) {
    case "c":
      return numbers.length === 1 ? { ok: true, version, action: { kind: "clause", clause: numbers[0] } } : { ok: false };
    case "d":
      return numbers.length === 1 ? { ok: true, version, action: { kind: "document", document: numbers[0] } } : { ok: false };
    case "q":
      return numbers.length === 1 ? { ok: true, version, action: { kind: "example", example: numbers[0] } } : { ok: false };
    default:
      return { ok: true, version, action: { kind: "more", clauses: numbers } };
  }
}

// Feedback on an answer: "f:<answer id, base 36>:<choice>", choice u (👍), d (👎) or 0–3 (the
// reason of a 👎, REASONS' order). Not tied to an index version: the answer's row holds it.
export type FeedbackChoice = { vote: 1 | -1 } | { reason: number };

export function encodeFeedback(answerId: number, choice: FeedbackChoice): string {
  const c = "vote" in choice ? (choice.vote === 1 ? "u" : "d") : String(choice.reason);
  return `f:${answerId.toString(36)}:${c}`;
}

export function decodeFeedback(data: string): { answerId: number; choice: FeedbackChoice } | undefined {
  const m = /^f:([0-9a-z]{1,11}):([ud0-3])$/.exec(data);
  if (!m) return undefined;
  const answerId = parseInt(m[1], 36);
  if (!Number.isSafeInteger(answerId)) return undefined;
  const choice: FeedbackChoice = m[2] === "u" ? { vote: 1 } : m[2] === "d" ? { vote: -1 } : { reason: Number(m[2]) };
  return { answerId, choice };
}
