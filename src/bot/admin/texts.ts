// What the bot says to admins (and to others who try an admin command). Simplified Chinese.
import { FIELD_NAMES } from "../../answer/document-notes.js";
import type { MetadataField } from "../../ingest/metadata/overrides.js";

/** To anyone not in ADMIN_IDS: says nothing about what the command would do. */
export const NOT_ALLOWED = "抱歉，你没有权限执行这个操作。";
export const NO_STORE = "这个部署没有配置存储（R2 绑定 STORE 或 DATA_DIR），无法管理文件。";
export const PRIVATE_ONLY = "管理操作请在与机器人的私聊中进行。";
export const EXPIRED = "这份上传已经过期或已处理，请重新发送文件。";
export const OTHER_ADMINS_UPLOAD = "这是另一位管理员上传的文件，只有上传者本人可以确认或取消。资料库没有变化。";

export const FIELD_LABELS: Record<MetadataField, string> = FIELD_NAMES;

export const EDIT_USAGE = [
  "用法：/edit 字段 新的值，更正最近一次上传的预览，例如：",
  "/edit 文号 十政发〔2018〕12号",
  "/edit 日期 2018-07-12",
  "/edit 类型 正式文件（可选：正式文件、征求意见稿、工作汇报）",
  "/edit 有效期 2018-2020",
  "/edit 状态 已废止（可选：已废止、有效）",
  `字段：${Object.values(FIELD_LABELS).join("、")}。`,
].join("\n");

export const REMOVE_USAGE = "用法：/remove 文件id。文件id 见 /docs 列表中每份文件的“id”。";
export const STATS_USAGE = "用法：/stats（最近7天）、/stats 30（最近30天）或 /stats 2026-11-01 2026-11-20。";

/** Added to /help for admins. */
export const ADMIN_HELP_HTML = [
  "",
  "<b>管理员</b>",
  "· 直接发送文件（.txt .md .docx .pdf，10 MB 以内）上传新文件，确认预览后上线；",
  "· /edit 字段 值：上线前更正预览中的标题、文号、发文机关、地区、日期、类型、有效期；",
  "· /docs：文件清单（含 id）；/remove id：下线文件；/rollback：回到上一个版本；",
  "· /stats：最近7天的提问统计（/stats 30 或 /stats 2026-11-01 2026-11-20 指定时间段），可把用户点 👍 的回答确认为正确答案；",
  "· /learn：立即把已确认的问法用于检索（否则在下次上线或下线文件时生效）。",
].join("\n");

export const CONFIRMED_WHEN = "下次上线或下线文件时，这个问法会用于检索；想马上生效请发送 /learn。也可用 npm run export:learned 导出给 npm run index -- --learn。";
export const NOTHING_TO_LEARN = "没有待应用的问法：先在 /stats 里点“确认为正确答案”，再发送 /learn。";
export const NO_DATABASE = "没有配置数据库（D1 绑定 DB），无法保存评价和已确认的问法。";

/** What a publish did with the confirmed pairs, for the admin's reply. */
export function learnedLines(learned: { added: number; gone: number }): string[] {
  return [
    ...(learned.added ? [`已用于检索的确认问法：${learned.added} 个`] : []),
    ...(learned.gone ? [`${learned.gone} 个确认问法的条款已不在资料库中，没有应用`] : []),
  ];
}
