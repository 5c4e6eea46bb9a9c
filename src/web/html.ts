// Hono's `html` helper, typed as the pages use it: every interpolated string is escaped (& < > " '),
// nested `h` results and arrays of them are inserted as they are. No page ever passes raw text.
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export type Html = HtmlEscapedString;

/** A template of HTML; pages never interpolate promises, so the result is always synchronous. */
export const h = (strings: TemplateStringsArray, ...values: unknown[]): Html => html(strings, ...values) as Html;

/** Lines of text as paragraphs. */
export const paragraphs = (text: string): Html[] =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => h`<p>${line}</p>`);

/** Text cut to about `max` characters at a character boundary, with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
