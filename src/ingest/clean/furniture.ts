// Web-page furniture: lines that belong to the page a document was scraped from, not to
// the document. Each rule names what it removes, so `inspect` can show why a line went.

export interface FurnitureRule {
  name: string;
  test: (line: string) => boolean;
}

const short = (line: string, max: number) => line.length <= max;
const hasHan = (line: string) => /\p{Script=Han}/u.test(line);

export const FURNITURE_RULES: FurnitureRule[] = [
  { name: "view counter", test: (l) => /^(浏览量|浏览次数|阅读量|阅读数|阅读次数|点击量|点击数|点击次数|访问量)\s*[:：]/.test(l) },
  { name: "page timestamp", test: (l) => short(l, 60) && /^(更新时间|发布时间|发布日期|时间|来源)\s*[:：]/.test(l) && !/[。，,]/.test(l) },
  { name: "QR-code prompt", test: (l) => short(l, 40) && /二维码|扫一扫|关注我们/.test(l) },
  { name: "article link/keywords", test: (l) => /^本文(链接|关键词|关键字|地址|网址)\s*[:：]/.test(l) },
  { name: "copyright", test: (l) => short(l, 120) && /copyright|©|版权所有|all rights reserved/i.test(l) },
  { name: "ICP/filing", test: (l) => short(l, 80) && /ICP备|ICP证|公网安备|备案号|网安备/.test(l) },
  { name: "site disclaimer", test: (l) => /^本站(为|是|所有|不)|侵犯了您的权利|联系网站客服|下载所得/.test(l) },
  { name: "page navigation", test: (l) => short(l, 30) && /^[【\[]?(打印|关闭|返回顶部|返回|分享到|收藏|字号|上一篇|下一篇|打印本页|关闭窗口)/.test(l) },
  { name: "stray words", test: (l) => !hasHan(l) && /^[A-Za-z][A-Za-z .'&_-]{0,40}$/.test(l) },
];

export function furnitureRule(line: string): string | undefined {
  return FURNITURE_RULES.find((r) => r.test(line))?.name;
}

/** "---此处隐藏5003字,下载后查看---": the scraper showed only part of the document. */
const HIDDEN_TEXT = /^[-—_=\s]*此处(已)?隐藏\s*(\d+)\s*字.*$/;

export function hiddenTextMarker(line: string): { hiddenChars: number } | undefined {
  const m = HIDDEN_TEXT.exec(line);
  return m ? { hiddenChars: Number(m[2]) } : undefined;
}
