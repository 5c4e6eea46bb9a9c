// The page shell every page shares: <html lang="zh-CN">, the link-preview tags (description,
// Open Graph), the stylesheet, the site header, <main>, and the footer with the disclaimer.
import { DISCLAIMER } from "../answer/telegram-html.js";
import { h, shorten, type Html } from "./html.js";
import { absolute, type BaseUrl } from "./links.js";
import { CSS_PATH, JS_PATH } from "./static.js";

export const SITE_NAME = "政策通";

export interface PageMeta {
  /** The <title> (the site's name is added) and og:title. */
  title: string;
  /** <meta name="description"> and og:description. */
  description: string;
  /** The page's own address ("/c/…"): og:url and the canonical link when a base URL is set. */
  path: string;
  ogType?: "website" | "article";
  /** og:title when it differs from the <title>. */
  ogTitle?: string;
  /** Pages for one visitor's question or an error: not for search engines. */
  noindex?: boolean;
  /** The 复制链接 button's script. */
  script?: boolean;
}

/** Link previews show about this many characters. */
const DESCRIPTION_CHARS = 120;

export function page(meta: PageMeta, base: BaseUrl | undefined, body: Html): Html {
  const description = shorten(meta.description.replace(/\s+/g, " ").trim(), DESCRIPTION_CHARS);
  const url = base ? absolute(base, meta.path) : undefined;
  const title = meta.title === SITE_NAME ? SITE_NAME : `${meta.title} · ${SITE_NAME}`;
  return h`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${description}">
<meta property="og:site_name" content="${SITE_NAME}">
<meta property="og:type" content="${meta.ogType ?? "article"}">
<meta property="og:title" content="${meta.ogTitle ?? meta.title}">
<meta property="og:description" content="${description}">
<meta property="og:locale" content="zh_CN">
${url ? h`<meta property="og:url" content="${url}">\n<link rel="canonical" href="${url}">\n` : ""}${meta.noindex ? h`<meta name="robots" content="noindex">\n` : ""}<meta name="format-detection" content="telephone=no">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${CSS_PATH}">
${meta.script ? h`<script src="${JS_PATH}" defer></script>\n` : ""}</head>
<body>
<header class="site"><a class="brand" href="/">${SITE_NAME}</a><span class="tagline">政策原文，条条有出处</span></header>
<main>
${body}
</main>
<footer class="site"><p>${DISCLAIMER}</p><nav aria-label="站内链接"><a href="/">首页</a></nav></footer>
</body>
</html>
`;
}

/** The search box: one per page (on the home page it is the page; elsewhere it closes it). */
export function searchForm(value = "", label = "输入你的问题"): Html {
  return h`<form role="search" action="/q" method="get">
<label for="q">${label}</label>
<input id="q" name="q" type="search" value="${value}" placeholder="例如：技术改造有什么补贴" autocomplete="off" enterkeyhint="search">
<button type="submit">查询</button>
</form>`;
}

/** The 复制链接 button: hidden until the script shows it (it copies PUBLIC_BASE_URL's address, else the one in the address bar). */
export function copyLink(base: BaseUrl | undefined, path: string): Html {
  return h`<p><button type="button" class="copy-link" hidden${base ? h` data-url="${absolute(base, path)}"` : ""}>复制链接</button></p>`;
}
