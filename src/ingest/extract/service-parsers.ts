// The .docx and PDF parsers of the extractor worker (src/extractor/worker.ts), reached through
// a service binding: the bytes go in a POST, the Parsed result comes back as JSON. A service
// that fails or answers nonsense is reported to the admin as such; nothing is thrown.
import { fail } from "./failures.js";
import type { BinaryParsers, Parsed } from "./types.js";

export interface ServiceFetcher {
  fetch(input: Request | string, init?: RequestInit): Promise<Response>;
}

const UNAVAILABLE = fail("unreadable", "文件解析服务暂时不可用，请稍后重新发送文件，或改传 .txt 文件。");

export function serviceParsers(service: ServiceFetcher): BinaryParsers {
  const call = async (kind: "docx" | "pdf", bytes: Uint8Array): Promise<Parsed> => {
    try {
      const response = await service.fetch(`https://extractor/parse/${kind}`, { method: "POST", body: bytes });
      if (!response.ok) return UNAVAILABLE;
      const parsed = (await response.json()) as Parsed;
      if (typeof parsed !== "object" || parsed === null || typeof parsed.ok !== "boolean") return UNAVAILABLE;
      if (parsed.ok && (typeof parsed.text !== "string" || !Array.isArray(parsed.notes))) return UNAVAILABLE;
      if (!parsed.ok && typeof parsed.message !== "string") return UNAVAILABLE;
      return parsed;
    } catch {
      return UNAVAILABLE;
    }
  };
  return { docx: (bytes) => call("docx", bytes), pdf: (bytes) => call("pdf", bytes) };
}
