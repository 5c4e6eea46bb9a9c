// Inline enumerations "一是…。二是…。三是…。" inside one paragraph. Each item is split out
// only when every marker opens a sentence: "…措施:一是…;二是…;" is one sentence, and a
// sentence is never cut.
import { splitHeading } from "./heading.js";
import { numeralValue } from "./numerals.js";

export interface InlineItem {
  token: string;
  value: number;
  title: string;
  body: string;
}

export interface InlineSplit {
  leadIn: string;
  items: InlineItem[];
}

const MARKER = /(?<=^|[。！？\n])([一二三四五六七八九十]{1,3})是/gu;

export function splitInlineEnumeration(text: string): InlineSplit | undefined {
  const markers: { index: number; token: string; value: number }[] = [];
  for (const m of text.matchAll(MARKER)) {
    const value = numeralValue(m[1]);
    if (value !== markers.length + 1) continue;
    markers.push({ index: m.index!, token: m[0], value });
  }
  if (markers.length < 2) return undefined;
  // Any "N是" that opens no sentence but continues the count means the enumeration runs
  // inside a sentence: leave the paragraph whole.
  const loose = [...text.matchAll(/([一二三四五六七八九十]{1,3})是/gu)].filter(
    (m) => numeralValue(m[1]) > 1 && numeralValue(m[1]) <= markers.length + 1 && !markers.some((k) => k.index === m.index),
  );
  if (loose.some((m) => m.index! > markers[0].index && /[;；,，:：]$/.test(text.slice(0, m.index)))) return undefined;

  const items = markers.map((marker, i) => {
    const end = i + 1 < markers.length ? markers[i + 1].index : text.length;
    const rest = text.slice(marker.index + marker.token.length, end).trim();
    const { title, body } = splitHeading("shi", rest);
    return { token: marker.token, value: marker.value, title, body };
  });
  return { leadIn: text.slice(0, markers[0].index).trim(), items };
}
