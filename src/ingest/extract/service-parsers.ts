// The .docx and PDF parsers of the extractor worker (src/extractor/worker.ts), reached through
// a service binding: the bytes go in a POST, the Parsed result comes back as JSON. A service
// that fails or answers nonsense is reported to the admin as such, one that does not answer in
// time (the parse budget plus a grace for cold start and transfer) as a timeout; nothing is thrown.
import { fail, timedOut } from "./failures.js";
import { MAX_EXTRACT_MS, SERVICE_GRACE_MS } from "./limits.js";
import type { BinaryParsers, Parsed } from "./types.js";

export interface ServiceFetcher {
  fetch(input: Request | string, init?: RequestInit): Promise<Response>;
}

const UNAVAILABLE = fail("unreadable", "文件解析服务暂时不可用，请稍后重新发送文件，或改传 .txt 文件。");

/** `timeoutMs`: how long to wait for the extractor (tests pass a short one). */
export function serviceParsers(service: ServiceFetcher, options: { timeoutMs?: number } = {}): BinaryParsers {
  const timeoutMs = options.timeoutMs ?? MAX_EXTRACT_MS + SERVICE_GRACE_MS;
  const call = async (kind: "docx" | "pdf", bytes: Uint8Array): Promise<Parsed> => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await service.fetch(`https://extractor/parse/${kind}`, { method: "POST", body: bytes, signal });
      if (!response.ok) return UNAVAILABLE;
      const parsed = (await response.json()) as Parsed;
      if (typeof parsed !== "object" || parsed === null || typeof parsed.ok !== "boolean") return UNAVAILABLE;
      if (parsed.ok && (typeof parsed.text !== "string" || !Array.isArray(parsed.notes))) return UNAVAILABLE;
      if (!parsed.ok && typeof parsed.message !== "string") return UNAVAILABLE;
      return parsed;
    } catch {
      // The extractor's own budget is MAX_EXTRACT_MS: past it and the grace, it is stuck.
      return signal.aborted ? timedOut(timeoutMs) : UNAVAILABLE;
    }
  };
  return { docx: (bytes) => call("docx", bytes), pdf: (bytes) => call("pdf", bytes) };
}
