// mammoth's self-contained browser build has the same API as its Node entry (whose types ship
// in lib/index.d.ts); it is imported by path because the Node entry requires fs, path and os.
declare module "mammoth/mammoth.browser.js" {
  import mammoth = require("mammoth");
  export = mammoth;
}
