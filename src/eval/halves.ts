// Honest tuning: the public questions split into two fixed halves by a hash of their id, so
// that a choice made on half a is checked on half b (and a learned index built from one half
// is scored on the other).
export type Half = "a" | "b";

/** FNV-1a of the id: the same half on every machine and run. */
export function halfOf(id: string): Half {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % 2 === 0 ? "a" : "b";
}

/** `flag`: the option the value came from, for the message. */
export function parseHalf(value: string | undefined, flag = "--half"): Half | undefined {
  if (value === undefined) return undefined;
  if (value !== "a" && value !== "b") throw new Error(`${flag} 只能是 a 或 b，不能是 ${value}`);
  return value;
}
