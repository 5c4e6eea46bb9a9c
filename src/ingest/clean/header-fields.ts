// Government sites print a table of document facts above the text: "索引号 / 0110… /
// 发文日期 / 2018年07月12日 / 发布机构 / … / 文号 / (empty)". Scraped, it becomes
// alternating key and value lines. They are metadata, not body text.

export const FIELD_KEYS = [
  "索引号", "主题分类", "体裁分类", "组配分类", "服务对象分类", "发文日期", "成文日期", "发布日期",
  "发布机构", "发文机关", "发文机构", "文号", "发文字号", "主题词", "有效性", "时效性", "信息来源", "公开方式",
] as const;

const KEY_SET = new Set<string>(FIELD_KEYS);
const INLINE = new RegExp(`^(${FIELD_KEYS.join("|")})\\s*[:：]\\s*(.{1,60})$`);
/** Header tables sit above the text; further down, "文号:…" would be body text. */
const HEADER_WINDOW = 40;

export interface HeaderFields {
  lines: string[];
  fields: Record<string, string>;
}

const isKey = (line: string) => KEY_SET.has(line.replace(/[:：]\s*$/, ""));
const isValue = (line: string) => line !== "" && line.length <= 60 && !isKey(line) && !/[。；]$/.test(line);

export function extractHeaderFields(lines: string[]): HeaderFields {
  const fields: Record<string, string> = {};
  const out: string[] = [];
  let seenContent = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line !== "") seenContent++;
    if (seenContent > HEADER_WINDOW) {
      out.push(line);
      continue;
    }
    if (isKey(line)) {
      const key = line.replace(/[:：]\s*$/, "");
      const next = nextContent(lines, i);
      if (next >= 0 && isValue(lines[next])) {
        fields[key] = lines[next];
        i = next;
      } else {
        fields[key] = "";
      }
      continue;
    }
    const inline = INLINE.exec(line);
    if (inline) {
      fields[inline[1]] = inline[2].trim();
      continue;
    }
    out.push(line);
  }
  return { lines: out, fields };
}

function nextContent(lines: string[], i: number): number {
  for (let j = i + 1; j < lines.length && j <= i + 2; j++) if (lines[j] !== "") return j;
  return -1;
}
