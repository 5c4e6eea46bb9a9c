// What the bot says that is not an answer: welcome, help, hints. Simplified Chinese.
import type { LibrarySummary } from "../search/source.js";
import { chineseDate } from "../answer/document-notes.js";
import { escapeHtml } from "../answer/render-telegram.js";

export const EXAMPLE_QUESTIONS = ["我能申请哪些技改补贴", "新认定的高新技术企业有什么奖励", "十堰的企业贷款贴息怎么申请", "企业上市有什么支持"];

/** Places the welcome names, at most (then "等N个地区"). */
const REGIONS_NAMED = 8;

export function welcomeHtml({ total, regions, newest }: LibrarySummary): string {
  const places = regions.length > REGIONS_NAMED ? `${regions.slice(0, REGIONS_NAMED).join("、")}等${regions.length}个地区` : regions.join("、");
  return [
    "<b>政策通</b>：从政策原文里找答案，每条都注明出处。",
    "",
    `目前收录 ${total} 份文件${places ? `，涉及${escapeHtml(places)}` : ""}${newest ? `，最新一份的日期是${chineseDate(newest)}` : ""}。发 /docs 查看清单。`,
    "",
    "直接输入问题即可，例如点下面的按钮：",
  ].join("\n");
}

export const HELP_HTML = [
  "<b>怎么问</b>",
  "直接写出想了解的支持事项，最好带上城市，例如“十堰技术改造有什么补贴”“高新技术企业认定奖励多少”。",
  "",
  "<b>能做什么</b>",
  "· 从收录的政策文件中找出相关条款，摘出金额、比例、条件，并注明文件、文号、发文机关、日期和条款位置；",
  "· 点“查看原文”看整条条款，点“来源文件”看文件信息，点“更多结果”看其余条款；",
  "· 在任何聊天里输入 @机器人用户名 加关键词，可以把条款直接发到群里；",
  "· 群里用 /ask 问题，或 @ 机器人，或回复机器人的消息来提问；",
  "· /deadlines 列出条款里写明的申报、报送期限，最近的在前；",
  "· /subscribe 主题词（可加地区，如 /subscribe 十堰 智能化改造），或点回答下的“订阅此类政策”：有相关的新政策上线、相关条款的期限7天内到期时通知你；/subscriptions 查看和取消，/unsubscribe 全部取消；",
  "· 点回答下的“👍 有用 / 👎 没用”告诉我们回答好不好；/privacy 说明保存了什么，/forget 删除与你相关的记录。",
  "",
  "<b>不能做什么</b>",
  "· 只回答收录文件里写明的内容，不推测、不补充，也不代办申报；",
  "· 文件清单见 /docs，没有收录的地区和政策无法回答。",
  "",
  "回答摘自政策原文，仅供参考，不构成法律意见；申报前请以发文机关的最新规定为准。",
].join("\n");

export const NON_TEXT_HINT = "我只能读文字，请用文字写下你的问题，例如“我能申请哪些技改补贴”。";
export const STALE_BUTTON = "资料库已经更新，这个按钮已失效，请重新提问。";
export const UNKNOWN_BUTTON = "这个按钮无法识别，请重新提问。";
export const ASK_USAGE = "用法：/ask 你的问题，例如 /ask 技术改造有什么补贴";
export const NO_MORE = "没有更多结果了。";
export const LIBRARY_UNAVAILABLE = "政策库暂时无法查询，请稍后再试。";

/** The command menu Telegram shows (setMyCommands, by webhook:set and long polling). */
export const BOT_COMMANDS = [
  { command: "start", description: "开始使用，看看能问什么" },
  { command: "ask", description: "提问（群里用：/ask 问题）" },
  { command: "docs", description: "收录的政策文件清单" },
  { command: "deadlines", description: "条款里写明的申报、报送期限" },
  { command: "subscribe", description: "订阅一类政策：/subscribe 主题词 [地区]" },
  { command: "subscriptions", description: "我的订阅（可取消）" },
  { command: "help", description: "怎么问、能做什么、不能做什么" },
  { command: "privacy", description: "保存了我的哪些信息（/forget 删除）" },
];
