// A .docx as mammoth may see it: only the parts mammoth reads (lib/docx/docx-reader.js:
// [Content_Types].xml, _rels/.rels, the main document, its styles, numbering, footnotes,
// endnotes and comments, and their relationships), inflated here under the size cap and
// handed over as a zip of stored entries, so that the jszip inside mammoth inflates nothing.
// Images and other media are left out: mammoth only reads them when it writes HTML, which
// ./docx.ts never lets it do.
import { decompressedTooLarge, encryptedDocx, timedOut, unreadableDocx, type Failure } from "./failures.js";
import { inflateRaw } from "./inflate.js";
import type { Deadline, ExtractLimits } from "./limits.js";
import { entryData, isEncrypted, readZipDirectory, storedZip, type ZipEntry } from "./zip.js";

const RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const RELATED_PARTS = ["comments", "endnotes", "footnotes", "numbering", "styles"] as const;
const WITH_BODY = ["footnotes", "endnotes", "comments"] as const;

export async function packageForMammoth(bytes: Uint8Array, limits: ExtractLimits, deadline: Deadline): Promise<{ ok: true; zip: Uint8Array } | Failure> {
  const entries = readZipDirectory(bytes);
  if (!entries) return unreadableDocx();
  const byName = new Map<string, ZipEntry>();
  for (const entry of entries) if (!byName.has(entry.name)) byName.set(entry.name, entry);
  const reader = new PartReader(bytes, byName, limits, deadline);

  // 1. The package: content types and the package relationships, which name the main document.
  const first = await reader.read(["[Content_Types].xml", "_rels/.rels"]);
  if (first) return first;
  const main = findPart(byName, targetsOf(reader.text("_rels/.rels"), "officeDocument"), "", "word/document.xml");
  if (!byName.has(main)) return unreadableDocx(); // a zip, but not a Word document
  // 2. The main document's relationships name its styles, numbering, notes and comments.
  const mainRels = relationshipsPath(main);
  const second = await reader.read([mainRels]);
  if (second) return second;
  const parts = RELATED_PARTS.map((name) => ({
    name,
    path: findPart(byName, targetsOf(reader.text(mainRels), name), dirname(main), `word/${name}.xml`),
    fallback: `word/${name}.xml`,
  }));
  // 3. All of them at once, so that their declared sizes are checked together before any is
  // inflated. mammoth's fallback paths too, in case it reads the relationships differently.
  const rest = await reader.read([
    main,
    ...parts.flatMap((part) => [part.path, part.fallback]),
    ...parts.filter((part) => (WITH_BODY as readonly string[]).includes(part.name)).flatMap((part) => [relationshipsPath(part.path), relationshipsPath(part.fallback)]),
  ]);
  if (rest) return rest;
  return { ok: true, zip: storedZip(reader.files()) };
}

/** Inflates entries under one running total; remembers what it read. */
class PartReader {
  readonly #read = new Map<string, Uint8Array>();
  #declared = 0;
  #inflated = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly byName: Map<string, ZipEntry>,
    private readonly limits: ExtractLimits,
    private readonly deadline: Deadline,
  ) {}

  /** Reads those of `names` that exist; a failure when one cannot be read or the cap is passed. */
  async read(names: string[]): Promise<Failure | undefined> {
    const max = this.limits.maxDocxUncompressedBytes;
    const wanted = [...new Set(names)].flatMap((name) => {
      const entry = this.byName.get(name);
      return entry && !this.#read.has(name) ? [entry] : [];
    });
    for (const entry of wanted) {
      if (isEncrypted(entry)) return encryptedDocx();
      if (entry.method !== 0 && entry.method !== 8) return unreadableDocx();
    }
    // What the directory declares, before any of it is inflated.
    this.#declared += wanted.reduce((n, e) => n + e.uncompressedSize, 0);
    if (this.#declared > max) return decompressedTooLarge(max, this.#declared);
    for (const entry of wanted) {
      if (this.deadline.passed()) return timedOut(this.limits.maxExtractMs);
      const stored = entryData(this.bytes, entry);
      if (!stored) return unreadableDocx();
      let data: Uint8Array;
      if (entry.method === 0) {
        data = stored;
      } else {
        // What it actually inflates to: declared sizes can lie.
        const inflated = await inflateRaw(stored, max - this.#inflated, this.deadline);
        if (!inflated.ok) {
          if (inflated.reason === "over_cap") return decompressedTooLarge(max);
          if (inflated.reason === "timeout") return timedOut(this.limits.maxExtractMs);
          return unreadableDocx();
        }
        data = inflated.data;
      }
      this.#inflated += data.length;
      if (this.#inflated > max) return decompressedTooLarge(max);
      this.#read.set(entry.name, data);
    }
    return undefined;
  }

  /** A part read as XML text ("" when it is not in the package). */
  text(name: string): string {
    const data = this.#read.get(name);
    return data ? new TextDecoder("utf-8").decode(data) : "";
  }

  files(): { name: string; data: Uint8Array }[] {
    return [...this.#read].map(([name, data]) => ({ name, data }));
  }
}

/**
 * The targets of a relationships part's Relationship elements of one type (any namespace
 * prefix, either quote), entity-decoded, in document order.
 */
export function targetsOf(xml: string, type: string): string[] {
  const targets: string[] = [];
  for (const element of xml.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const attributes = new Map<string, string>();
    for (const [, name, , double, single] of element[1].matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
      attributes.set(name, decodeEntities(double ?? single));
    }
    const target = attributes.get("Target");
    if (target !== undefined && attributes.get("Type") === RELATIONSHIPS + type) targets.push(target);
  }
  return targets;
}

/** As mammoth's findPartPath: the first target that exists, else the fallback. */
function findPart(byName: Map<string, ZipEntry>, targets: string[], basePath: string, fallback: string): string {
  const found = targets.map((target) => joinPath(basePath, target).replace(/^\//, "")).find((path) => byName.has(path));
  return found ?? fallback;
}

/** "word/document.xml" → "word/_rels/document.xml.rels" (mammoth's relationshipsFilename). */
function relationshipsPath(path: string): string {
  const slash = path.lastIndexOf("/");
  return joinPath(slash < 0 ? "" : path.slice(0, slash), "_rels", `${path.slice(slash + 1)}.rels`);
}

function dirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** mammoth's zipfile.joinPath: empty parts dropped, an absolute part restarts the path. */
function joinPath(...paths: string[]): string {
  let parts: string[] = [];
  for (const path of paths.filter((p) => p)) parts = path.startsWith("/") ? [path] : [...parts, path];
  return parts.join("/");
}

function decodeEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[name as "amp"];
  });
}
