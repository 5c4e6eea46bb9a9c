// Every outbound call has a deadline, and an upload's download stops at the size limit even
// when Telegram did not say how big the file is.
import { afterEach, describe, expect, it, vi } from "vitest";
import { download } from "../../src/bot/admin/download.js";
import { timeoutTransformer } from "../../src/bot/timeout.js";

afterEach(() => vi.restoreAllMocks());

describe("Bot API calls", () => {
  it("a call that does not answer is aborted at its deadline", async () => {
    let aborted = false;
    const hanging = (_method: string, _payload: unknown, signal?: { addEventListener(t: string, f: () => void): void }) =>
      new Promise<never>((_, reject) =>
        signal?.addEventListener("abort", () => {
          aborted = true;
          reject(new Error("aborted"));
        }),
      );
    const call = timeoutTransformer(0.05)(hanging as never, "sendMessage", { chat_id: 1, text: "x" } as never);
    await expect(call).rejects.toThrow("aborted");
    expect(aborted).toBe(true);
  });

  it("getUpdates gets its long-poll timeout on top of the deadline", async () => {
    let signal: AbortSignal | undefined;
    const answer = (_m: string, _p: unknown, s: AbortSignal) => ((signal = s), new Promise((r) => setTimeout(() => r({ ok: true, result: [] }), 100)));
    await expect(timeoutTransformer(0.05)(answer as never, "getUpdates", { timeout: 1 } as never)).resolves.toEqual({ ok: true, result: [] });
    expect(signal!.aborted).toBe(false);
  });
});

describe("an upload's download", () => {
  it("stops reading a body that never ends once it passes the limit", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(endless));
    const result = await download("https://botapi.test/file/botX/documents/huge.txt", 10 * 1024 * 1024);
    expect(result).toMatchObject({ ok: false, reason: "too_large" });
    expect(pulled).toBeLessThan(16);
  });

  it("refuses at once when the server says the body is too big", async () => {
    const body = new ReadableStream<Uint8Array>({ pull: () => undefined });
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(body, { headers: { "content-length": String(50 * 1024 * 1024) } }));
    expect(await download("https://botapi.test/file/botX/a", 10 * 1024 * 1024)).toMatchObject({ ok: false, reason: "too_large" });
  });

  it("gives up at its deadline", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation((_u, init) => new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("timed out", "TimeoutError")))));
    expect(await download("https://botapi.test/file/botX/a", 1024, 50)).toMatchObject({ ok: false, reason: "failed", detail: "TimeoutError" });
  });
});
