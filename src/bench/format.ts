// Number formatting and plain-text tables for the bench report.
export const ms = (x: number) => (!Number.isFinite(x) ? "n/a" : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`);
export const mb = (x: number) => (!Number.isFinite(x) ? "n/a" : `${x.toFixed(x >= 100 ? 0 : 1)} MB`);
export function bytes(n: number): string {
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(2)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
export const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
export const mark = (ok: boolean) => (ok ? "✓" : "✗");

/** Display width: CJK and other wide characters count two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, n: number, right = false) => (right ? " ".repeat(Math.max(0, n - width(s))) + s : s + " ".repeat(Math.max(0, n - width(s))));

/**
 * Rows of cells → aligned lines. `align` has one letter per column, l or r (default: the
 * first column left, the others right).
 */
export function table(rows: string[][], { header = true, indent = "  ", align = "" } = {}): string {
  const cols = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, i) => Math.max(...rows.map((r) => width(r[i] ?? ""))));
  const right = (i: number) => (align[i] ?? (i > 0 ? "r" : "l")) === "r";
  const lines = rows.map((r) => indent + r.map((c, i) => pad(c ?? "", widths[i], right(i))).join("   ").trimEnd());
  if (header) lines.splice(1, 0, indent + widths.map((w) => "─".repeat(w)).join("   "));
  return lines.join("\n");
}

/** "name 45%, other 30%, …" for the largest shares. */
export function shares(r: Record<string, number>, top = 6, unit?: (x: number) => string): string {
  const total = Object.values(r).reduce((a, b) => a + b, 0);
  const entries = Object.entries(r).sort((a, b) => b[1] - a[1]);
  const shown = entries.slice(0, top).map(([k, v]) => `${k} ${unit ? unit(v) : pct(v / total)}`);
  const rest = entries.slice(top).reduce((n, [, v]) => n + v, 0);
  if (rest > 0) shown.push(`other ${unit ? unit(rest) : pct(rest / total)}`);
  return shown.join(", ");
}
