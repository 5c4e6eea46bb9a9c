// Words that make a question a question ("我能…吗", "有哪些", "多少") and carry no topic:
// they are dropped from the query so that they never drive ranking.
import { wordTokens, type CutForSearch } from "./tokens.js";
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  (
    "我 我们 你 你们 他 她 它 咱 咱们 本人 自己 能 能否 能不能 可以 可否 可不可以 会 会不会 要 需要 想 想要 " +
    "哪些 哪个 哪 哪里 哪儿 什么 啥 怎么 怎样 怎么样 怎么办 如何 多少 几 多久 多大 多长 是否 是不是 有没有 有无 " +
    "吗 呢 吧 啊 呀 嘛 么 哦 了 的 地 得 着 过 是 有 在 和 与 及 或 或者 还是 都 也 还 就 又 才 给 被 把 让 对 向 从 " +
    "请问 请 问 一下 下 一个 一些 这 那 这个 那个 这些 那些 其 该 该怎么 为什么 为何 如果 假如 但是 可是 而且 所以 因为 " +
    "谁 一般 现在 目前 今年 呢吗 么样 情况 问题 规定 相关 方面 具体 " +
    "我能 我们能 能够 拿到 能拿 享受 享有 申领 帮忙 帮我 一部分 部分 多少钱 钱 怎么弄 怎么搞 弄 搞 办 出 交 填 拿 领 得到 到底 究竟 大概 一共 " +
    "之类 等等 东西 事 事情 这种 那种 这样 那样 这么 那么 然后 之后 以后 后 前 时候"
  ).split(/\s+/),
);

/** A question as the index keeps a learned one: its words as a query has them, question words left out. */
export function learnedQuestionWords(cutForSearch: CutForSearch, question: string): string[] {
  return wordTokens(cutForSearch, question).filter((w) => !QUESTION_WORDS.has(w));
}
