// Real-shaped Telegram updates for the worker tests, and a client for what the bot sent.
import { SELF, env } from "cloudflare:test";
import { standIn } from "./bot-api-stand-in.js";

export const SECRET = (env as Record<string, string>).WEBHOOK_SECRET;
export const ADMIN = { id: 42, is_bot: false, first_name: "管理员", language_code: "zh-hans" };
export const USER = { id: 1001, is_bot: false, first_name: "张三", language_code: "zh-hans" };
export const chatOf = (user: { id: number; first_name: string }) => ({ id: user.id, type: "private", first_name: user.first_name });

export interface Call {
  method: string;
  params: Record<string, any>;
  ok: boolean;
  description?: string;
}

let nextUpdateId = Math.floor(Math.random() * 1e6) * 100 + 50;
let nextMessageId = 1;

export async function post(update: object) {
  return SELF.fetch("https://example.com/telegram/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify({ update_id: nextUpdateId++, ...update }),
  });
}

export const text = (from: typeof USER, t: string) => {
  const command = /^\/\w+/.exec(t)?.[0];
  return { message: { message_id: nextMessageId++, date: 1763800000, chat: chatOf(from), from, text: t, ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}) } };
};

export const documentMessage = (from: typeof USER, doc: { file_id: string; file_unique_id: string; file_name?: string; mime_type?: string; file_size?: number }) => ({
  message: { message_id: nextMessageId++, date: 1763800000, chat: chatOf(from), from, document: doc },
});

export const press = (from: typeof USER, data: string) => ({
  callback_query: { id: `cb${nextMessageId++}`, from, chat_instance: "1", data, message: { message_id: 7, date: 1, chat: chatOf(from), text: "x" } },
});

export async function calls(method?: string): Promise<Call[]> {
  return (await standIn.calls(method)) as unknown as Call[];
}

export const reset = () => standIn.reset();

/** Texts of the messages sent since the last reset. */
export const sentTexts = async () => (await calls("sendMessage")).map((c) => String(c.params.text));

export const buttonsOf = (call: Call) => (call.params.reply_markup?.inline_keyboard ?? []).flat() as { text: string; callback_data: string }[];

/** Uploads bytes to the stand-in as a file a user sent; returns the Document for an update. */
export async function fileFor(name: string, bytes: Uint8Array, mime_type?: string) {
  const r = await standIn.file(name, bytes);
  return { file_id: r.file_id, file_unique_id: r.file_unique_id, file_name: name, file_size: r.file_size, ...(mime_type ? { mime_type } : {}) };
}
