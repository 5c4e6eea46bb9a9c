// The eval's output: a table (or JSON) of the figures, and the misses for --verbose.
import { leadOf, missesOf, type EvalRun } from "./run.js";

const pct = (x: number) => x.toFixed(3);
/** Display width: CJK and full-width characters take two columns. */
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1), 0);
const pad = (s: string, n: number, right = false) => (right ? " ".repeat(Math.max(0, n - width(s))) + s : s + " ".repeat(Math.max(0, n - width(s))));

export function reportJson(run: EvalRun, { verbose = false } = {}) {
  const lead = leadOf(run);
  return {
    format: run.format,
    k: run.k,
    questions: run.questions.length,
    systems: run.systems.map((s) => ({
      name: s.name,
      ...s.metrics,
      msPerQuery: Math.round(s.msPerQuery * 100) / 100,
      ...(s.buildMs !== undefined ? { buildMs: Math.round(s.buildMs) } : {}),
    })),
    ...(lead ? { lead } : {}),
    ...(verbose ? missesOf(run) : {}),
  };
}

export function reportText(run: EvalRun, { verbose = false } = {}): string {
  const lines: string[] = [];
  const [first] = run.systems;
  const n = first?.metrics.questions ?? 0;
  const negatives = first?.metrics.negatives ?? 0;
  lines.push(`${run.format === "seeds" ? "种子问题" : "STARD 法条问题"}：${run.questions.length} 题（${n} 题有答案，${negatives} 题应弃答）${run.half ? `，half ${run.half}` : ""}，每题取前 ${run.k} 条`);
  const header = ["系统", "hit@1", "hit@3", "hit@5", "MRR", "应弃答时弃答", "误弃答", "平均毫秒/题"];
  const rows = run.systems.map((s) => [
    s.name,
    pct(s.metrics.hit1),
    pct(s.metrics.hit3),
    pct(s.metrics.hit5),
    pct(s.metrics.mrr),
    s.metrics.abstention === null ? "无此类题" : pct(s.metrics.abstention),
    `${s.metrics.wronglyAbstained}/${s.metrics.questions}`,
    s.msPerQuery.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i > 0)).join(" | ");
  lines.push(line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line));
  const built = run.systems.filter((s) => s.buildMs !== undefined);
  if (built.length > 0) lines.push(`（基线建索引用时：${built.map((s) => `${s.name} ${Math.round(s.buildMs!)} 毫秒`).join("，")}）`);
  const lead = leadOf(run);
  if (lead) {
    const ratio = (x: number | null) => (x === null ? "无法计算（最好的基线为 0）" : `${x.toFixed(2)}×`);
    lines.push(`${first.name} 相对最好的基线：hit@1 ${ratio(lead.hit1)}，hit@5 ${ratio(lead.hit5)}`);
  }
  if (verbose && first) {
    const { misses, negativesAnswered } = missesOf(run);
    lines.push("", `${first.name} 第 1 条没有答对的问题：${misses.length} 题`);
    for (const m of misses) {
      lines.push(`- ${m.id} ${m.q}`, `    标准答案：${m.gold.join(" / ")}`, `    ${m.abstained ? "弃答了" : m.rank === null ? `前 ${run.k} 条里没有` : `在第 ${m.rank} 条`}`);
      m.top.forEach((t, i) => lines.push(`    ${i + 1}. 《${t.title}》 ${t.label}`));
    }
    if (negativesAnswered.length > 0) {
      lines.push("", `${first.name} 回答了的应弃答问题：${negativesAnswered.length} 题`);
      for (const m of negativesAnswered) {
        lines.push(`- ${m.id} ${m.q}`);
        m.top.forEach((t, i) => lines.push(`    ${i + 1}. 《${t.title}》 ${t.label}`));
      }
    }
  }
  return lines.join("\n");
}
