// The Telegram webhook path in workerd: a private-chat question posted to /telegram/webhook
// with the secret, answered by the bot, whose sendMessage goes to the Bot API stand-in
// (test/support/bot-api-stand-in.ts) through Miniflare's outbound service, in this process.
// The figure is the round trip of the webhook request (the bot answers before it returns)
// net of the dispatch overhead (/healthz), so it includes one local Bot API call per message.
import { BOT_API_HOST, createBotApiStandIn, TEST_WORKER_BINDINGS } from "../../test/support/bot-api-stand-in.js";
import { distribution, median, type Distribution } from "./stats.js";
import { start, timed, type WorkerUpload } from "./workerd.js";

export interface WebhookFigures {
  rounds: number;
  questions: number;
  /** Round trip of one update, minus the median /healthz round trip. */
  net: Distribution;
  overheadMs: number;
  /** Bot API calls per update (sendMessage and any other), median. */
  callsPerUpdate: number;
  /** Updates whose every Bot API call the stand-in accepted. */
  accepted: number;
  updates: number;
}

export async function webhookRun(script: WorkerUpload, questions: string[], rounds: number): Promise<WebhookFigures> {
  const standIn = createBotApiStandIn();
  const outboundService = (request: Request) =>
    new URL(request.url).hostname === BOT_API_HOST ? standIn.handle(request) : new Response("blocked", { status: 502 });
  const inst = await start(script, { bindings: TEST_WORKER_BINDINGS, outboundService });
  let updateId = 1;
  const post = (q: string) =>
    timed(inst.mf, "/telegram/webhook", [200], {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": TEST_WORKER_BINDINGS.WEBHOOK_SECRET },
      body: JSON.stringify({
        update_id: updateId++,
        message: { message_id: updateId, date: 1, chat: { id: 1001, type: "private" }, from: { id: 1001, is_bot: false, first_name: "王" }, text: q },
      }),
    });
  try {
    for (const q of questions) await post(q); // warm-up
    const times: number[] = [];
    const overhead: number[] = [];
    const calls: number[] = [];
    let accepted = 0;
    for (let round = 0; round < rounds; round++) {
      for (const q of questions) {
        const before = standIn.calls().length;
        times.push((await post(q)).ms);
        const made = standIn.calls().slice(before);
        calls.push(made.length);
        if (made.length > 0 && made.every((c) => c.ok)) accepted++;
        overhead.push((await timed(inst.mf, "/healthz")).ms);
      }
    }
    const overheadMs = median(overhead);
    return {
      rounds,
      questions: questions.length,
      net: distribution(times.map((t) => t - overheadMs)),
      overheadMs,
      callsPerUpdate: median(calls),
      accepted,
      updates: times.length,
    };
  } finally {
    await inst.mf.dispose();
  }
}
