// Reads the documents of one or more input folders: every .txt/.md file, in name order,
// with the folder's catalogue.json (what an admin states that the text does not).
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { Catalogue, type CatalogueEntry } from "../../shared/schema.js";
import { documentId } from "../document.js";

export const CATALOGUE_FILE = "catalogue.json";

export interface SourceDocument {
  id: string;
  source: string;
  path: string;
  text: string;
  catalogue?: CatalogueEntry;
}

export function readCatalogue(dir: string): Catalogue {
  const file = join(dir, CATALOGUE_FILE);
  if (!existsSync(file)) return {};
  const parsed = Catalogue.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

export function readSourceFile(path: string, catalogue: Catalogue = readCatalogue(join(path, ".."))): SourceDocument {
  const source = basename(path);
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Error(`${path}: 不是 UTF-8 编码的文本文件 (not UTF-8 text)`);
  }
  if (text.trim() === "") throw new Error(`${path}: 文件是空的 (empty file)`);
  return { id: documentId(source), source, path, text, catalogue: catalogue[source] };
}

export function readCorpus(dirs: string[]): SourceDocument[] {
  const docs: SourceDocument[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`输入目录不存在: ${dir}`);
    const catalogue = readCatalogue(dir);
    const files = readdirSync(dir).filter((f) => /\.(txt|md)$/i.test(f)).sort();
    for (const file of files) docs.push(readSourceFile(join(dir, file), catalogue));
  }
  const seen = new Set<string>();
  for (const d of docs) {
    if (seen.has(d.id)) throw new Error(`两个输入文件的文件名相同: ${d.source}`);
    seen.add(d.id);
  }
  return docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
