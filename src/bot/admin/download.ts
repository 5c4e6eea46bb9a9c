// An admin's file, fetched from Telegram's file server: with a deadline, and read as a stream
// that stops the moment it passes the upload limit (Telegram's file_size can be missing, and a
// server can send more than it says).
export type Downloaded = { ok: true; bytes: Uint8Array } | { ok: false; reason: "too_large" | "failed"; detail: string };

export const DOWNLOAD_TIMEOUT_MS = 60_000;

export async function download(url: string, maxBytes: number, timeoutMs = DOWNLOAD_TIMEOUT_MS): Promise<Downloaded> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    return { ok: false, reason: "failed", detail: (e as Error).name };
  }
  if (!response.ok || !response.body) return { ok: false, reason: "failed", detail: `HTTP ${response.status}` };
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    return { ok: false, reason: "too_large", detail: `content-length ${declared}` };
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: "too_large", detail: `more than ${maxBytes} bytes` };
      }
      chunks.push(value);
    }
  } catch (e) {
    return { ok: false, reason: "failed", detail: (e as Error).name };
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes };
}
