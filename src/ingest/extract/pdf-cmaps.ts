// Stand-ins for Adobe's predefined CJK CMaps, which PDF.js needs for fonts that are not embedded
// (e.g. STSong-Light with UniGB-UCS2-H, as iText-based systems write Chinese PDFs). The real
// CMaps are files PDF.js fetches from `cMapUrl`; a worker has neither the files nor a URL for them.
//
// Only text is extracted, never rendered, so the CIDs need not be Adobe's: each CMap below maps
// a character code to CID = its Unicode code point, and the "<Registry>-<Ordering>-UCS2" CMap
// PDF.js then asks for (CID → Unicode) is the identity. Glyph widths, looked up by CID, come
// out wrong, which at most changes spaces between text pieces.

const ENCODER = new TextEncoder();

/** PDF.js's BinaryDataFactory (getDocument option): called for CMaps when `cMapPacked` is false. */
export class SyntheticCMapFactory {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const cmap = kind === "cMapUrl" ? syntheticCMap(filename) : undefined;
    if (cmap === undefined) throw new Error(`${kind} "${filename}" is not available in the worker`);
    return ENCODER.encode(cmap);
  }
}

/** Legacy multi-byte CMaps → the TextDecoder that reads their codes. */
const LEGACY: [RegExp, string][] = [
  [/^(GBK|GBKp|GBpc|GB)-EUC-[HV]$|^GBK2K-[HV]$/, "gbk"],
  [/^(B5pc|ETen-B5|HKscs-B5|ETenms-B5)-[HV]$|^B5-[HV]$/, "big5"],
];

export function syntheticCMap(name: string): string | undefined {
  if (/^Adobe-(GB1|CNS1|Japan1|Korea1)-UCS2$/.test(name)) return identityToUnicode(name);
  if (/^Uni(GB|CNS|JIS|KS)-(UCS2|UTF16)-[HV]$/.test(name)) return unicodeCodes(name);
  const legacy = LEGACY.find(([re]) => re.test(name));
  return legacy ? legacyCodes(name, legacy[1]) : undefined;
}

/** CID → the same value as a UTF-16 code unit (surrogates left out). */
function identityToUnicode(name: string): string {
  const ranges: string[] = [];
  for (let high = 0; high < 0x100; high++) {
    if (high >= 0xd8 && high <= 0xdf) continue;
    const low = hex(high << 8, 4);
    ranges.push(`<${low}> <${hex((high << 8) | 0xff, 4)}> <${low}>`);
  }
  return cmap(name, "<0000> <FFFF>", blocks("bfrange", ranges));
}

/** Two-byte codes that are UCS-2/UTF-16 code units → CID = the code. */
function unicodeCodes(name: string): string {
  const ranges: string[] = [];
  for (let high = 0; high < 0x100; high++) {
    if (high >= 0xd8 && high <= 0xdf) continue;
    ranges.push(`<${hex(high << 8, 4)}> <${hex((high << 8) | 0xff, 4)}> ${high << 8}`);
  }
  return cmap(name, "<0000> <FFFF>", blocks("cidrange", ranges));
}

/** GBK / Big5 style codes: one byte below 0x80, two bytes from 0x81 on; CID = the decoded character. */
function legacyCodes(name: string, label: string): string {
  const decoder = new TextDecoder(label, { fatal: true, ignoreBOM: false });
  const chars = [`<20> <7e> 32`];
  const pairs: string[] = [];
  const bytes = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      bytes[0] = lead;
      bytes[1] = trail;
      let char: string;
      try {
        char = decoder.decode(bytes);
      } catch {
        continue;
      }
      if (char.length === 1) pairs.push(`<${hex((lead << 8) | trail, 4)}> ${char.charCodeAt(0)}`);
    }
  }
  return cmap(name, "<00> <80>\n<8140> <FEFE>", blocks("cidrange", chars) + blocks("cidchar", pairs));
}

function cmap(name: string, codespace: string, body: string): string {
  const spaces = codespace.split("\n").length;
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /${name} def
${spaces} begincodespacerange
${codespace}
endcodespacerange
${body}endcmap
CMapName currentdict /CMap defineresource pop
end
end
`;
}

/** CMap sections hold at most 100 entries each. */
function blocks(kind: string, entries: string[]): string {
  let out = "";
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    out += `${part.length} begin${kind}\n${part.join("\n")}\nend${kind}\n`;
  }
  return out;
}

function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, "0");
}
