// The pages' one stylesheet, served as /static/site-<hash>.css (a file, so the CSP needs no
// 'unsafe-inline'; its hash in the name, so it is cached for a year and a new one is fetched
// when it changes). Mobile first, relative units only (readable at 320 px and at 200% text
// zoom), a CJK font stack, line-height 1.7, text aligned left (justify would stretch clause
// numbers and full-width punctuation apart). Plain CSS that old mobile browsers (WeChat's
// built-in browser on older Android) understand: no custom properties, :is(), clamp() or gap.

export const SITE_CSS = `html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:#1f2328;background:#fafaf7;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;font-size:1rem;line-height:1.7;text-align:left;word-wrap:break-word;overflow-wrap:break-word;line-break:strict}
a{color:#0b5cad}
a:focus,button:focus,input:focus,summary:focus{outline:.15em solid #f0a000;outline-offset:.1em}
header.site,main,footer.site{max-width:46em;margin:0 auto;padding:0 1em}
header.site{padding-top:.75em;padding-bottom:.75em;border-bottom:1px solid #e3e3dc}
header.site .brand{font-weight:bold;font-size:1.15em;text-decoration:none;color:#1f2328}
header.site .tagline{color:#59636e;margin-left:.5em;font-size:.9em}
main{padding-top:1em;padding-bottom:2em}
footer.site{padding-top:1em;padding-bottom:2em;border-top:1px solid #e3e3dc;color:#59636e;font-size:.875em}
h1{font-size:1.4em;line-height:1.4;margin:.3em 0 .6em}
h2{font-size:1.15em;line-height:1.5;margin:1.4em 0 .5em}
h3{font-size:1em;line-height:1.6;margin:1em 0 .3em}
p,ul,ol,dl{margin:.5em 0}
ul,ol{padding-left:1.4em}
.lead{color:#3d444d}
form[role=search]{margin:1em 0 1.5em}
form[role=search] label{display:block;font-weight:bold;margin-bottom:.3em}
form[role=search] input{box-sizing:border-box;width:100%;font:inherit;padding:.5em .6em;border:1px solid #8c959f;border-radius:.3em;background:#fff;-webkit-appearance:none;appearance:none}
button{font:inherit;padding:.45em 1.2em;border:1px solid #0b5cad;border-radius:.3em;background:#0b5cad;color:#fff;cursor:pointer}
form[role=search] button{margin-top:.5em}
.examples{list-style:none;padding:0}
.examples li{display:inline-block;margin:0 .4em .5em 0}
a.example{display:inline-block;padding:.2em .7em;border:1px solid #c5ccd3;border-radius:1em;background:#fff;text-decoration:none}
section.doc{margin:1.5em 0;padding:.2em 1em .8em;background:#fff;border:1px solid #e3e3dc;border-radius:.4em}
section.doc h2{font-size:1.05em}
article.clause{margin:1em 0 0;padding-top:.8em;border-top:1px dashed #d8dbd0}
article.clause h3 a{text-decoration:none}
.sentences{padding-left:1.2em}
.conditions,.citation,.meta-note,.inferred-from{color:#59636e;font-size:.9em}
.warning{padding:.4em .7em;border-left:.25em solid #d4a017;background:#fff8e1}
.withdrawn,.error{padding:.5em .8em;border-left:.25em solid #c62828;background:#fdecea}
.uncovered,.region,.nothing{padding:.5em .8em;border-left:.25em solid #59636e;background:#f0f1ed}
details.full-text{margin:.6em 0}
details.full-text summary{cursor:pointer;color:#0b5cad}
.clause-text p,.context p,details.full-text p{margin:.4em 0}
.context{padding:.1em .8em;background:#f4f5f0;border-radius:.3em}
nav.neighbours{margin:1.5em 0}
nav.neighbours a{display:block;margin:.3em 0}
dl.meta dt{font-weight:bold;margin-top:.5em}
dl.meta dd{margin:0 0 0 1em}
ol.tree,ol.tree ol{padding-left:1.3em}
ol.tree li{margin:.2em 0}
.documents li{margin:.4em 0}
.muted{color:#59636e}
.copy-link{margin:.5em 0;background:#fff;color:#0b5cad}
[hidden]{display:none}
`;

/** A short hash of a text (FNV-1a, 32 bits, hex): names a static file by its content. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
