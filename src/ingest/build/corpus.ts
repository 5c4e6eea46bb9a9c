// Reads the documents of one or more inputs: a folder (every .txt/.md file in it, in name
// order) or one .txt/.md file, each with its folder's catalogue.json (what an admin states
// that the text does not). Text is decoded as uploads in chat are (../extract/text.ts): UTF-8,
// UTF-16 with a BOM, else GB18030 (GBK). Messages are for people: simplified Chinese.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Catalogue, type CatalogueEntry } from "../../shared/schema.js";
import { documentId } from "../document.js";
import { decodeText, GB18030_NOTE, UTF16_NOTE } from "../extract/text.js";

export const CATALOGUE_FILE = "catalogue.json";

/** The files an input folder contributes, and the only kinds a file named as input may be. */
const DOCUMENT_FILE = /\.(txt|md)$/i;

export interface SourceDocument {
  id: string;
  source: string;
  path: string;
  text: string;
  catalogue?: CatalogueEntry;
  /** What the reader should know about how the file was read (an encoding other than UTF-8), in Chinese. */
  notes?: string[];
}

export function readCatalogue(dir: string): Catalogue {
  const file = join(dir, CATALOGUE_FILE);
  if (!existsSync(file)) return {};
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`目录文件 ${file} 不是合法的 JSON：${error instanceof Error ? error.message : error}`);
  }
  const parsed = Catalogue.safeParse(data);
  if (!parsed.success) throw new Error(`目录文件 ${file} 格式不对：${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** The notes of the upload path's decoder, in the words of a command line (there is no preview here). */
const CLI_NOTES = new Map([
  [UTF16_NOTE, "已按 UTF-16 编码读取"],
  [GB18030_NOTE, "不是 UTF-8，已按 GB18030（GBK）编码读取，请抽查几段文字是否正确（npm run inspect -- 文件）"],
]);

export function readSourceFile(path: string, catalogue: Catalogue = readCatalogue(dirname(path))): SourceDocument {
  const source = basename(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? `找不到文件 ${path}` : code === "EISDIR" ? `${path} 是文件夹，这里要的是一个 .txt 或 .md 文件` : `无法读取文件 ${path}（${code ?? error}）`);
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    throw new Error(`${path}：无法识别文本编码（不是 UTF-8、UTF-16 或 GB18030 文本，也可能不是文本文件）。请另存为 UTF-8 编码的 .txt 后再试。`);
  }
  const text = decoded.text;
  if (text.trim() === "") throw new Error(`${path}：文件是空的`);
  const notes = decoded.notes.map((n) => CLI_NOTES.get(n) ?? n);
  return { id: documentId(source), source, path, text, catalogue: catalogue[source], ...(notes.length ? { notes } : {}) };
}

/** Folders and single .txt/.md files, in any mix. */
export function readCorpus(inputs: string[]): SourceDocument[] {
  return corpusFiles(inputs).map((f) => readSourceFile(f.path, f.catalogue));
}

/** The files `readCorpus` reads, in its order (by document id), each with its folder's catalogue: to read one at a time. */
export function corpusFiles(inputs: string[]): { path: string; catalogue: Catalogue }[] {
  const files: { path: string; catalogue: Catalogue; id: string }[] = [];
  for (const input of inputs) {
    if (!existsSync(input)) throw new Error(`输入不存在: ${input}（--input 要一个文件夹，或一个 .txt/.md 文件）`);
    if (statSync(input).isDirectory()) {
      const catalogue = readCatalogue(input);
      for (const file of readdirSync(input).filter((f) => DOCUMENT_FILE.test(f)).sort()) files.push({ path: join(input, file), catalogue, id: documentId(file) });
    } else {
      if (!DOCUMENT_FILE.test(input)) throw new Error(`只能读取 .txt 和 .md 文件: ${input}（.docx 和 PDF 请通过机器人上传）`);
      files.push({ path: input, catalogue: readCatalogue(dirname(input)), id: documentId(basename(input)) });
    }
  }
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.id)) throw new Error(`两个输入文件的文件名相同: ${basename(f.path)}`);
    seen.add(f.id);
  }
  return files.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(({ path, catalogue }) => ({ path, catalogue }));
}
