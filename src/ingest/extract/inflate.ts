// Raw deflate → bytes with a hard cap on the output, through the platform's
// DecompressionStream("deflate-raw") (workerd and Node ≥ 20), stopped the moment the output
// passes the cap.
//
// workerd's DecompressionStream has no backpressure: each write is inflated at once, in full,
// into the stream's queue, whether or not anyone reads (measured: 1 MB of input written through
// pipeThrough queued 1 GB). So the input goes in small slices, one at a time, and the next
// slice is written only once the reader has drained what the last one produced: at most one
// slice's output (deflate expands at most ~1032:1) is ever queued.
import type { Deadline } from "./limits.js";

/** 8 KB of input inflates to at most ~8 MB. */
const SLICE = 8 * 1024;

export type Inflated = { ok: true; data: Uint8Array } | { ok: false; reason: "over_cap" | "timeout" | "corrupt" };

/** `maxBytes`: the output allowed; the moment it is passed, inflating stops. */
export async function inflateRaw(compressed: Uint8Array, maxBytes: number, deadline: Deadline): Promise<Inflated> {
  const stream = new DecompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let stop: "over_cap" | "timeout" | "corrupt" | undefined;
  /** True while the reader waits on an empty queue. */
  let waiting = false;

  const reading = (async () => {
    try {
      for (;;) {
        waiting = true;
        const { done, value } = await reader.read();
        waiting = false;
        if (done) return;
        total += value.length;
        if (total > maxBytes) stop = "over_cap";
        else if (deadline.passed()) stop = "timeout";
        if (stop) return;
        chunks.push(value);
      }
    } catch {
      stop ??= "corrupt";
    }
  })();

  const writing = (async () => {
    try {
      for (let offset = 0; offset < compressed.length && !stop; offset += SLICE) {
        // A copy: a stream may take over (detach) the buffer it is given.
        await writer.write(compressed.slice(offset, offset + SLICE));
        await drained(() => waiting || stop !== undefined);
      }
      if (!stop) await writer.close();
    } catch {
      stop ??= "corrupt";
    }
  })();

  await Promise.race([reading, writing]);
  if (!stop) await Promise.all([reading, writing]);
  if (stop) {
    await Promise.all([reader.cancel().catch(() => undefined), writer.abort().catch(() => undefined)]);
    return { ok: false, reason: stop };
  }
  return { ok: true, data: concat(chunks, total) };
}

/** Resolves once `idle()` holds across a macrotask turn (the reader found the queue empty). */
async function drained(idle: () => boolean): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (idle()) return;
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
