// Medians over runs of the figures scripts/scale/run-set.sh writes (/tmp/scale/<kind>-<size>-run<N>.json):
// for each figure, the median of the runs' medians (and of their p99s), with the runs' spread.
//   node --import tsx scripts/scale/summarise.ts
import { readdirSync, readFileSync } from "node:fs";

const dir = "/tmp/scale";
const groups = new Map<string, unknown[]>();
for (const f of readdirSync(dir).sort()) {
  const m = f.match(/^(node-sqlite|mf|inmem)-(\w+?)(?:-(s\d))?-run(\d+)\.json$/);
  if (!m) continue;
  try {
    const key = [m[1], m[2], m[3]].filter(Boolean).join(" ");
    groups.set(key, [...(groups.get(key) ?? []), JSON.parse(readFileSync(`${dir}/${f}`, "utf8"))]);
  } catch {
    /* a run that failed */
  }
}
const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const flatten = (x: unknown, prefix = "", out: Record<string, number | string> = {}) => {
  if (typeof x === "number" || typeof x === "string") out[prefix] = x;
  else if (x && typeof x === "object" && !Array.isArray(x)) for (const [k, v] of Object.entries(x)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
};
for (const [key, runs] of groups) {
  const flat = runs.map((r) => flatten(r));
  const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].filter((k) => !/\.max$|^dir$|^top5/.test(k));
  console.log(`## ${key} (${runs.length} runs)`);
  for (const k of keys) {
    const vals = flat.map((f) => f[k]).filter((v) => v !== undefined);
    if (typeof vals[0] === "number") {
      const ns = vals as number[];
      console.log(`  ${k}: ${Math.round(med(ns) * 100) / 100}${ns.length > 1 ? `  [${ns.map((v) => Math.round(v * 10) / 10).join(", ")}]` : ""}`);
    } else console.log(`  ${k}: ${[...new Set(vals)].join(" | ")}`);
  }
}
