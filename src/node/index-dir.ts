// Node: reads a built index folder (index/ or any --out DIR) and loads it. What goes wrong is
// said in a sentence that names the folder or the file and how to build one.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { INDEX_FILES, OPTIONAL_INDEX_FILES } from "../ingest/build/write-index.js";
import { loadIndex, type LoadedIndex } from "../search/load-index.js";

/** A folder that is not a usable index: missing, without manifest.json, incomplete or malformed. */
export class IndexDirError extends Error {}

const HOW_TO_BUILD = "用 npm run index 建一个（默认写到 index/；npm run index -- --input 文件夹 --out 目录 可写到别处）";

/** The text of every index file in `dir` (an optional one when it is there), or an IndexDirError naming what is missing. */
export function readIndexFiles(dir: string): Record<string, string> {
  if (!existsSync(dir)) throw new IndexDirError(`找不到索引目录 ${dir}。请${HOW_TO_BUILD}，或用 --index 指定一个已有的索引目录。`);
  if (!statSync(dir).isDirectory()) throw new IndexDirError(`${dir} 是一个文件，不是索引目录。--index 要的是 npm run index 写出的目录（里面有 manifest.json）。`);
  if (!existsSync(join(dir, INDEX_FILES.manifest))) {
    throw new IndexDirError(`${dir} 里没有 ${INDEX_FILES.manifest}，不是一个索引目录。请${HOW_TO_BUILD}。`);
  }
  const files: Record<string, string> = {};
  for (const name of Object.values(INDEX_FILES)) {
    const file = join(dir, name);
    try {
      files[name] = readFileSync(file, "utf8");
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
      throw new IndexDirError(`${missing ? "索引不完整，缺少文件" : "无法读取索引文件"} ${file}。请重新运行 npm run index 生成这个目录。`);
    }
  }
  for (const name of Object.values(OPTIONAL_INDEX_FILES)) {
    const file = join(dir, name);
    if (existsSync(file)) files[name] = readFileSync(file, "utf8");
  }
  return files;
}

export function readIndexDir(dir: string): LoadedIndex {
  const texts = readIndexFiles(dir);
  const read = (name: string): unknown => {
    const file = join(dir, name);
    const text = texts[name];
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new IndexDirError(`索引文件 ${file} 不是合法的 JSON（${(e as Error).message}）。请重新运行 npm run index 生成这个目录。`);
    }
  };
  const files = {
    manifest: read(INDEX_FILES.manifest),
    documents: read(INDEX_FILES.documents),
    clauses: read(INDEX_FILES.clauses),
    lexicon: read(INDEX_FILES.lexicon),
    synonyms: read(INDEX_FILES.synonyms),
    postings: read(INDEX_FILES.postings),
    ...(texts[OPTIONAL_INDEX_FILES.withdrawn] === undefined ? {} : { withdrawn: read(OPTIONAL_INDEX_FILES.withdrawn) }),
  };
  try {
    return loadIndex(files);
  } catch (e) {
    // the loader's message names the file and the field it refused
    throw new IndexDirError(`无法加载索引目录 ${dir}：${(e as Error).message}。请重新运行 npm run index 生成这个目录。`);
  }
}
