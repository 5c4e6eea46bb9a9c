// `/`: the search page. One box, example questions (the bot's), and what the library holds.
// A plain GET form: it works with JavaScript off.
import { EXAMPLE_QUESTIONS } from "../bot/texts.js";
import { h, type Html } from "./html.js";
import { page, searchForm, SITE_NAME } from "./layout.js";
import type { PageLibrary } from "./library.js";
import { answerPath, type BaseUrl } from "./links.js";
import { documentList, holdingsSummary } from "./parts.js";

/** Documents listed on the search page: the newest (a WeChat reader on a slow connection waits for every one). */
export const HOME_DOCUMENTS = 20;

export async function homePage(library: PageLibrary, base: BaseUrl | undefined, now: Date): Promise<Html> {
  const [held, newest] = await Promise.all([library.holdings(), library.newest(HOME_DOCUMENTS)]);
  const summary = holdingsSummary(held);
  const body = h`<h1>${SITE_NAME}：从政策原文里找答案</h1>
<p class="lead">面向企业的政策问答。每条回答都摘自政策原文，并注明文件、文号和条款出处，可以直接转发。</p>
${searchForm()}
<section class="try">
<h2>可以这样问</h2>
<ul class="examples">
${EXAMPLE_QUESTIONS.map((q) => h`<li><a class="example" href="${answerPath(q)}">${q}</a></li>\n`)}</ul>
</section>
<section class="library">
<h2>资料库收录了什么</h2>
<p>${summary.join("；")}。${held.withdrawn ? `另有 ${held.withdrawn} 份文件已下线或被替换。` : ""}</p>
${documentList(newest, held.documents, now)}<p class="muted">只能回答这些文件里写到的内容；没有收录的地区或事项，会直接说明没有找到。</p>
</section>`;
  return page(
    {
      title: SITE_NAME,
      ogTitle: `${SITE_NAME}：从政策原文里找答案`,
      description: `企业政策问答：回答摘自政策原文并注明出处。${summary.join("；")}。`,
      path: "/",
      ogType: "website",
    },
    base,
    body,
  );
}
