// The static files: the stylesheet and the script, each named by a hash of its content.
import { SITE_JS } from "./script.js";
import { shortHash, SITE_CSS } from "./styles.js";

export interface StaticFile {
  body: string;
  type: string;
}

export const CSS_PATH = `/static/site-${shortHash(SITE_CSS)}.css`;
export const JS_PATH = `/static/site-${shortHash(SITE_JS)}.js`;

export const STATIC_FILES: Record<string, StaticFile> = {
  [CSS_PATH]: { body: SITE_CSS, type: "text/css; charset=UTF-8" },
  [JS_PATH]: { body: SITE_JS, type: "text/javascript; charset=UTF-8" },
};

/** The current file for an address of an older one (a page cached before a deploy): site-<other hash>.css → the stylesheet. */
export function staticFallback(path: string): StaticFile | undefined {
  if (/^\/static\/site-[0-9a-f]{8}\.css$/.test(path)) return STATIC_FILES[CSS_PATH];
  if (/^\/static\/site-[0-9a-f]{8}\.js$/.test(path)) return STATIC_FILES[JS_PATH];
  return undefined;
}
