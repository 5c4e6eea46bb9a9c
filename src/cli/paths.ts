import { relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, whatever the working directory. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A path as a person would type it: relative to the working directory when that is shorter, else whole. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path) || ".";
  return rel.length < path.length ? rel : path;
}
