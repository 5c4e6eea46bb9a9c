// A local stand-in for the Telegram Bot API, for worker tests.
//
// It runs in Node, inside the vitest main process: vitest.config.ts passes
// `outboundForTests` to Miniflare as the worker's `outboundService`, so every fetch made
// inside workerd to https://botapi.test/... lands here. It records every call, answers
// like the real API ({ ok, result } / { ok: false, error_code, description }) and
// validates the way Telegram does (HTML entities, message length, callback_data size, URL
// buttons, keyboard size, ...).
//
// Tests talk to it over HTTP through the control endpoints (see `standIn` below):
//   GET  https://botapi.test/__control/calls[?method=sendMessage]  → RecordedCall[]
//   POST https://botapi.test/__control/reset                        → clears calls, failure programs, chats
//   POST https://botapi.test/__control/fail  { method ("*": any but except[]), except?, times, error_code, description, retry_after? }
//   POST https://botapi.test/__control/updates  Update | Update[]  → queued for getUpdates (long polling)
//   POST https://botapi.test/__control/files  { name, base64 }       → { file_id, file_unique_id, file_size }:
//        getFile then answers its file_path, and GET /file/bot<token>/<file_path> serves the bytes
//
// This module has no Node imports, so tests in workerd may import its constants, types
// and the `standIn` client. Its in-memory state is only the one in the vitest process:
// a copy imported inside workerd has its own, unused state.

export const BOT_API_HOST = "botapi.test";
export const BOT_API_ROOT = `https://${BOT_API_HOST}`;
/** Outbound fetches to this host fail as a refused connection would. */
export const UNREACHABLE_HOST = "unreachable.test";
export const TEST_BOT_TOKEN = "123456:TEST-token-for-the-stand-in-000000000";
/** A token the stand-in refuses with 401, like a revoked one. */
export const BAD_TOKEN = "bad-token";

/** What getMe answers (and what BOT_INFO holds in the worker bindings). */
export const TEST_BOT_USER = {
  id: 7000000001,
  is_bot: true as const,
  first_name: "政策通 (test)",
  username: "zhengcetong_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** Worker bindings for the worker test project (miniflare `bindings`). */
export const TEST_WORKER_BINDINGS = {
  BOT_TOKEN: TEST_BOT_TOKEN,
  WEBHOOK_SECRET: "test-webhook-secret",
  TELEGRAM_API_ROOT: BOT_API_ROOT,
  BOT_INFO: JSON.stringify(TEST_BOT_USER),
  ADMIN_IDS: "42",
  /** The admin HTTP API's bearer token (src/http/admin-api.ts). */
  ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
  /** Every request reads index/live.json: tests see a publish at once. */
  INDEX_CHECK_SECONDS: "0",
  /** Deferred replies are tried again at once (backoff 0 s), not after 30 s. */
  REPLY_RETRY_BASE_SECONDS: "0",
};

export interface RecordedCall {
  /** 1, 2, 3, ... since the last reset. */
  seq: number;
  token: string;
  /** As it appeared in the URL. */
  method: string;
  /** Query string and body merged; form values that hold JSON objects/arrays are parsed. */
  params: Record<string, unknown>;
  /** Whether the stand-in answered ok, and with which status. */
  ok: boolean;
  status: number;
  /** The error description when not ok. */
  description?: string;
}

export interface FailProgram {
  /** A method, or "*" for every method but those in `except`. */
  method: string;
  except?: string[];
  times?: number;
  error_code: number;
  description: string;
  retry_after?: number;
}

/** A file part of a multipart request, as recorded in params. */
export interface RecordedFile {
  filename: string | null;
  contentType: string | null;
  size: number;
}

type ApiError = { error_code: number; description: string; parameters?: Record<string, unknown> };
class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.description);
  }
}
const badRequest = (description: string) => new ApiFailure({ error_code: 400, description: `Bad Request: ${description}` });

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

// ---------------------------------------------------------------------------------------
// Telegram HTML (parse_mode "HTML")

export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
}

export type HtmlParse = { ok: true; text: string; entities: MessageEntity[] } | { ok: false; error: string };

const ENTITY_TYPES: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-spoiler": "spoiler",
  span: "spoiler",
};

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
const encoder = new TextEncoder();
const byteOffset = (s: string, i: number) => encoder.encode(s.slice(0, i)).length;

function decodeEntityAt(s: string, i: number): { char: string; end: number } | null {
  const m = /^&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[a-zA-Z]+);/.exec(s.slice(i, i + 16));
  if (!m) return null;
  const body = m[1];
  if (body.startsWith("#")) {
    const cp = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    return { char: String.fromCodePoint(cp), end: i + m[0].length };
  }
  const named = NAMED_ENTITIES[body.toLowerCase()];
  return named === undefined ? null : { char: named, end: i + m[0].length };
}

/** Parses text the way Telegram's HTML parse mode does; visible text and entities, or the error. */
export function parseTelegramHtml(s: string): HtmlParse {
  let text = "";
  const entities: MessageEntity[] = [];
  const stack: { name: string; start: number; attrs: Record<string, string> }[] = [];
  const fail = (error: string): HtmlParse => ({ ok: false, error });
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "&") {
      const e = decodeEntityAt(s, i);
      if (!e) return fail(`Unsupported HTML entity at byte offset ${byteOffset(s, i)}`);
      text += e.char;
      i = e.end;
      continue;
    }
    if (c !== "<") {
      text += c;
      i++;
      continue;
    }
    const tagStart = i;
    const close = s.indexOf(">", i);
    if (close < 0) return fail(`Can't find end of the tag starting at byte offset ${byteOffset(s, tagStart)}`);
    if (s[i + 1] === "/") {
      const m = /^<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/.exec(s.slice(i, close + 1));
      if (!m) return fail(`Unexpected end tag at byte offset ${byteOffset(s, tagStart)}`);
      const name = m[1].toLowerCase();
      const open = stack.pop();
      if (!open) return fail(`Unexpected end tag at byte offset ${byteOffset(s, tagStart)}`);
      if (open.name !== name)
        return fail(`Unmatched end tag at byte offset ${byteOffset(s, tagStart)}, expected "</${open.name}>", found "</${name}>"`);
      const length = text.length - open.start;
      if (length > 0) {
        const entity: MessageEntity = { type: ENTITY_TYPES[name], offset: open.start, length };
        if (name === "a") entity.url = open.attrs.href;
        if (name === "code" && open.attrs.class?.startsWith("language-") && stack.at(-1)?.name === "pre") {
          // <pre><code class="language-x"> is one pre entity with a language
          stack.at(-1)!.attrs["data-language"] = open.attrs.class.slice("language-".length);
        } else {
          if (name === "pre" && open.attrs["data-language"]) entity.language = open.attrs["data-language"];
          entities.push(entity);
        }
      }
      i = m[0].length + i;
      continue;
    }
    const nameMatch = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(s.slice(i));
    const name = nameMatch ? nameMatch[1].toLowerCase() : "";
    if (!nameMatch || !(name in ENTITY_TYPES)) return fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(s, tagStart)}`);
    // attributes: name, name=value, name="value", name='value' (values may hold entities)
    let j = i + nameMatch[0].length;
    const attrs: Record<string, string> = {};
    for (;;) {
      while (/\s/.test(s[j] ?? "")) j++;
      if (j >= s.length) return fail(`Can't find end of the tag starting at byte offset ${byteOffset(s, tagStart)}`);
      if (s[j] === ">") break;
      const an = /^[a-zA-Z0-9_-]+/.exec(s.slice(j));
      if (!an) return fail(`Empty attribute name in the tag "${name}" at byte offset ${byteOffset(s, tagStart)}`);
      j += an[0].length;
      let value = "";
      while (/\s/.test(s[j] ?? "")) j++;
      if (s[j] === "=") {
        j++;
        while (/\s/.test(s[j] ?? "")) j++;
        const q = s[j];
        let raw: string;
        if (q === '"' || q === "'") {
          const end = s.indexOf(q, j + 1);
          if (end < 0) return fail(`Unclosed start tag at byte offset ${byteOffset(s, tagStart)}`);
          raw = s.slice(j + 1, end);
          j = end + 1;
        } else {
          const um = /^[^\s>]+/.exec(s.slice(j));
          if (!um) return fail(`Expected attribute value in the tag "${name}" at byte offset ${byteOffset(s, tagStart)}`);
          raw = um[0];
          j += raw.length;
        }
        for (let k = 0; k < raw.length; ) {
          if (raw[k] === "&") {
            const e = decodeEntityAt(raw, k);
            if (!e) return fail(`Unsupported HTML entity in an attribute at byte offset ${byteOffset(s, tagStart)}`);
            value += e.char;
            k = e.end;
          } else value += raw[k++];
        }
      }
      attrs[an[0].toLowerCase()] = value;
    }
    if (name === "a" && !attrs.href) return fail(`Tag "a" must have attribute "href" at byte offset ${byteOffset(s, tagStart)}`);
    if (name === "span" && attrs.class !== "tg-spoiler") return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(s, tagStart)}`);
    stack.push({ name, start: text.length, attrs });
    i = j + 1;
  }
  const open = stack.pop();
  if (open) return fail(`Can't find end tag corresponding to start tag "${open.name}"`);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { ok: true, text, entities };
}

const MAX_TEXT = 4096;
const utf8Length = (s: string) => encoder.encode(s).length;

/** Visible text and entities of a message text, or the ApiFailure Telegram would answer. */
function checkText(text: unknown, parseMode: unknown, errors: { empty: string; tooLong: string }) {
  if (typeof text !== "string" || text.trim() === "") throw badRequest(errors.empty);
  let visible = text;
  let entities: MessageEntity[] | undefined;
  if (parseMode !== undefined && parseMode !== "") {
    const mode = String(parseMode).toLowerCase();
    if (mode === "html") {
      const parsed = parseTelegramHtml(text);
      if (!parsed.ok) throw badRequest(`can't parse entities: ${parsed.error}`);
      visible = parsed.text;
      entities = parsed.entities;
    } else if (mode !== "markdown" && mode !== "markdownv2") throw badRequest("unsupported parse_mode");
  }
  if (visible.trim() === "") throw badRequest(errors.empty);
  if (visible.length > MAX_TEXT) throw badRequest(errors.tooLong); // UTF-16 code units, like Telegram
  return { text: visible, entities };
}

const BUTTON_ACTIONS = [
  "url",
  "callback_data",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
];

/** An inline keyboard of more buttons than this, or whose JSON is longer than this many bytes, is refused as too long. */
const MAX_INLINE_BUTTONS = 100;
const MAX_MARKUP_BYTES = 10 * 1024;

/**
 * A URL button's url as Telegram takes it: absolute http(s) or tg, and an http(s) host with a
 * dot (Telegram refuses "http://localhost:8080/…" or any host without one with
 * BUTTON_URL_INVALID: rubenlagus/TelegramBots#302).
 */
function validButtonUrl(value: unknown): boolean {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return false;
  }
  if (url.protocol === "tg:") return true;
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.includes(".");
}

/** Checks reply_markup; returns the inline keyboard markup Telegram would echo, if any. */
function checkReplyMarkup(markup: unknown): { inline_keyboard: unknown[][] } | undefined {
  if (markup === undefined || markup === null || markup === "") return undefined;
  if (typeof markup !== "object") throw badRequest("can't parse reply keyboard markup JSON object");
  const keyboard = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (keyboard === undefined) return undefined; // reply keyboards etc. are not echoed
  if (!Array.isArray(keyboard) || !keyboard.every(Array.isArray)) throw badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays");
  // Telegram's limits on the whole keyboard (tginfo/Telegram-Limits#187: markup JSON over 10 kB; about 100 buttons)
  if ((keyboard as unknown[][]).flat().length > MAX_INLINE_BUTTONS || utf8Length(JSON.stringify(markup)) > MAX_MARKUP_BYTES) throw badRequest("reply markup is too long");
  for (const row of keyboard as unknown[][]) {
    for (const button of row) {
      if (typeof button !== "object" || button === null) throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
      const b = button as Record<string, unknown>;
      if (typeof b.text !== "string") throw badRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
      if (!BUTTON_ACTIONS.some((k) => b[k] !== undefined)) throw badRequest("text buttons are unallowed in the inline keyboard");
      if (b.callback_data !== undefined) {
        if (typeof b.callback_data !== "string" || b.callback_data === "" || utf8Length(b.callback_data) > 64) throw badRequest("BUTTON_DATA_INVALID");
      }
      if (b.url !== undefined && !validButtonUrl(b.url)) throw badRequest("BUTTON_URL_INVALID");
    }
  }
  return { inline_keyboard: keyboard as unknown[][] };
}

// ---------------------------------------------------------------------------------------
// Request parsing

/** Form values that hold JSON objects or arrays are parsed, as Telegram does for those fields. */
function formValue(v: string): unknown {
  const t = v.trim();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      return JSON.parse(t);
    } catch {
      return v;
    }
  }
  return v;
}

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** A lenient multipart/form-data reader (grammY writes `content-disposition:form-data;name="x"`). */
function parseMultipart(body: Uint8Array, boundary: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const delimiter = encoder.encode(`--${boundary}`);
  const decoder = new TextDecoder();
  let pos = indexOfBytes(body, delimiter, 0);
  while (pos >= 0) {
    let start = pos + delimiter.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // closing --boundary--
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    const next = indexOfBytes(body, delimiter, start);
    if (next < 0) break;
    let end = next;
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2;
    const part = body.subarray(start, end);
    const headerEnd = indexOfBytes(part, encoder.encode("\r\n\r\n"), 0);
    if (headerEnd >= 0) {
      const headers = decoder.decode(part.subarray(0, headerEnd));
      const content = part.subarray(headerEnd + 4);
      const disposition = /content-disposition\s*:([^\r\n]*)/i.exec(headers)?.[1] ?? "";
      const name = /(?:^|;)\s*name\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(disposition);
      const filename = /(?:^|;)\s*filename\s*=\s*(?:"([^"]*)"|([^;]*))/i.exec(disposition);
      const key = name ? (name[1] ?? name[2]) : undefined;
      if (key !== undefined) {
        if (filename) {
          const file: RecordedFile = {
            filename: (filename[1] ?? filename[2] ?? "").trim() || null,
            contentType: /content-type\s*:\s*([^\r\n]*)/i.exec(headers)?.[1].trim() ?? null,
            size: content.length,
          };
          out[key] = file;
        } else out[key] = formValue(decoder.decode(content));
      }
    }
    pos = next;
  }
  return out;
}

async function readParams(request: Request, url: URL): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) params[k] = formValue(v);
  if (request.method === "GET" || request.method === "HEAD") return params;
  const contentType = request.headers.get("content-type") ?? "";
  const body = new Uint8Array(await request.arrayBuffer());
  if (body.length === 0) return params;
  if (/^application\/json/i.test(contentType)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw badRequest("can't parse JSON object");
    return { ...params, ...(parsed as Record<string, unknown>) };
  }
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    for (const [k, v] of new URLSearchParams(new TextDecoder().decode(body))) params[k] = formValue(v);
    return params;
  }
  const boundary = /^multipart\/form-data\s*;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (boundary) return { ...params, ...parseMultipart(body, boundary[1] ?? boundary[2]) };
  throw badRequest(`unsupported content-type "${contentType}"`);
}

// ---------------------------------------------------------------------------------------
// The stand-in

interface StoredMessage {
  text: string;
  entities: string;
  markup: string;
}

export function createBotApiStandIn() {
  let calls: RecordedCall[] = [];
  let programs: { method: string; except: string[]; remaining: number; error: ApiError }[] = [];
  let lastMessageId = new Map<string, number>();
  let messages = new Map<string, StoredMessage>();
  // Long polling: updates queued by tests, and getUpdates calls waiting for one.
  let updates: { update_id: number }[] = [];
  let webhook: { url: string; allowed_updates?: string[] } | undefined;
  // Files users "sent": file_id → bytes, served at /file/bot<token>/<file_path>.
  let files = new Map<string, { path: string; bytes: Uint8Array }>();
  let nextUpdateId = 1;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };

  const reset = () => {
    calls = [];
    programs = [];
    lastMessageId = new Map();
    messages = new Map();
    updates = [];
    nextUpdateId = 1;
    webhook = undefined;
    files = new Map();
    wake();
  };

  /** Queues updates for getUpdates; an update without update_id gets the next one. */
  const queueUpdates = (list: Record<string, unknown>[]) => {
    for (const u of list) {
      if (typeof u !== "object" || u === null || Array.isArray(u)) throw new TypeError("updates: each update must be an object");
      const id = u.update_id === undefined ? nextUpdateId : u.update_id;
      if (!Number.isSafeInteger(id) || (id as number) < 1) throw new TypeError("updates: update_id must be a positive integer");
      nextUpdateId = Math.max(nextUpdateId, (id as number) + 1);
      updates.push({ ...u, update_id: id as number });
    }
    wake();
    return updates.map((u) => u.update_id);
  };

  /** getUpdates: confirms updates below offset, answers at once if any, else waits up to timeout s. */
  const getUpdates = async (p: Record<string, unknown>) => {
    const offset = p.offset === undefined ? undefined : Number(p.offset);
    const limit = p.limit === undefined ? 100 : Number(p.limit);
    const timeout = p.timeout === undefined ? 0 : Number(p.timeout);
    if (offset !== undefined && !Number.isSafeInteger(offset)) throw badRequest("offset must be an integer");
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badRequest("limit must be 1–100");
    if (!Number.isFinite(timeout) || timeout < 0) throw badRequest("timeout must be a non-negative number");
    if (offset !== undefined && offset > 0) updates = updates.filter((u) => u.update_id >= offset);
    if (updates.length === 0 && timeout > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(timeout, 50) * 1000);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return updates.slice(0, limit);
  };

  const fail = (p: FailProgram) => {
    if (typeof p?.method !== "string" || p.method === "") throw new TypeError("fail: method is required");
    if (!Number.isInteger(p.error_code) || p.error_code < 400) throw new TypeError("fail: error_code must be an HTTP error status");
    if (typeof p.description !== "string") throw new TypeError("fail: description is required");
    const times = p.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new TypeError("fail: times must be a positive integer");
    const error: ApiError = { error_code: p.error_code, description: p.description };
    if (p.error_code === 429 || p.retry_after !== undefined) error.parameters = { retry_after: p.retry_after ?? 1 };
    programs.push({ method: p.method.toLowerCase(), except: (p.except ?? []).map((m) => m.toLowerCase()), remaining: times, error });
  };

  const chatOf = (chatId: unknown) => {
    const id = typeof chatId === "number" ? chatId : typeof chatId === "string" && /^-?\d+$/.test(chatId) ? Number(chatId) : NaN;
    if (chatId === undefined || chatId === "") throw badRequest("chat_id is empty");
    if (!Number.isSafeInteger(id)) throw badRequest("chat not found");
    return id < 0 ? { id, type: "supergroup", title: "Test group" } : { id, type: "private", first_name: "Test user" };
  };

  const message = (chat: { id: number }, messageId: number, text: string, entities: MessageEntity[] | undefined, markup: unknown) => ({
    message_id: messageId,
    from: { id: TEST_BOT_USER.id, is_bot: true, first_name: TEST_BOT_USER.first_name, username: TEST_BOT_USER.username },
    chat,
    date: Math.floor(Date.now() / 1000),
    text,
    ...(entities && entities.length > 0 ? { entities } : {}),
    ...(markup ? { reply_markup: markup } : {}),
  });

  const methods: Record<string, (p: Record<string, unknown>) => unknown> = {
    getme: () => TEST_BOT_USER,
    getupdates: getUpdates,
    getfile: (p) => {
      const file = typeof p.file_id === "string" ? files.get(p.file_id) : undefined;
      if (!file) throw badRequest("invalid file_id");
      if (file.bytes.length > 20 * 1024 * 1024) throw badRequest("file is too big");
      return { file_id: p.file_id, file_unique_id: `u${p.file_id}`, file_size: file.bytes.length, file_path: file.path };
    },
    getwebhookinfo: () => ({ url: webhook?.url ?? "", has_custom_certificate: false, pending_update_count: updates.length, ...(webhook?.allowed_updates ? { allowed_updates: webhook.allowed_updates } : {}) }),
    sendmessage: (p) => {
      const chat = chatOf(p.chat_id);
      const { text, entities } = checkText(p.text, p.parse_mode, { empty: "message text is empty", tooLong: "message is too long" });
      const markup = checkReplyMarkup(p.reply_markup);
      const key = String(chat.id);
      const id = (lastMessageId.get(key) ?? 0) + 1;
      lastMessageId.set(key, id);
      messages.set(`${key}:${id}`, { text, entities: JSON.stringify(entities ?? []), markup: JSON.stringify(markup ?? null) });
      return message(chat, id, text, entities, markup);
    },
    editmessagetext: (p) => {
      const inline = p.inline_message_id !== undefined && p.inline_message_id !== "";
      const chat = inline ? undefined : chatOf(p.chat_id);
      if (!inline && (p.message_id === undefined || p.message_id === "")) throw badRequest("message identifier is not specified");
      const { text, entities } = checkText(p.text, p.parse_mode, { empty: "message text is empty", tooLong: "MESSAGE_TOO_LONG" });
      const markup = checkReplyMarkup(p.reply_markup);
      if (inline || !chat) return true;
      const messageId = Number(p.message_id);
      if (!Number.isSafeInteger(messageId) || messageId <= 0) throw badRequest("message to edit not found");
      const key = `${chat.id}:${messageId}`;
      const next = { text, entities: JSON.stringify(entities ?? []), markup: JSON.stringify(markup ?? null) };
      const prev = messages.get(key);
      if (prev && prev.text === next.text && prev.entities === next.entities && prev.markup === next.markup)
        throw badRequest("message is not modified: specified new message content and reply markup are exactly the same as a content and reply markup of the current message");
      messages.set(key, next);
      return { ...message(chat, messageId, text, entities, markup), edit_date: Math.floor(Date.now() / 1000) };
    },
    answercallbackquery: (p) => {
      if (typeof p.text === "string" && p.text.length > 200) throw badRequest("MESSAGE_TOO_LONG");
      return true;
    },
    answerinlinequery: (p) => {
      const results = p.results ?? [];
      if (!Array.isArray(results)) throw badRequest("can't parse inline query results JSON object");
      if (results.length > 50) throw badRequest("RESULTS_TOO_MUCH");
      const ids = new Set<string>();
      for (const r of results as Record<string, unknown>[]) {
        if (typeof r !== "object" || r === null) throw badRequest("can't parse InlineQueryResult");
        const id = r.id === undefined ? "" : String(r.id);
        if (id === "" || utf8Length(id) > 64) throw badRequest("RESULT_ID_INVALID");
        if (ids.has(id)) throw badRequest("RESULT_ID_DUPLICATE");
        ids.add(id);
        if (r.type === "article" && (typeof r.title !== "string" || r.title.trim() === "")) throw badRequest("ARTICLE_TITLE_EMPTY");
        const content = r.input_message_content as Record<string, unknown> | undefined;
        if (content && content.message_text !== undefined)
          checkText(content.message_text, content.parse_mode, { empty: "MESSAGE_EMPTY", tooLong: "MESSAGE_TOO_LONG" });
        checkReplyMarkup(r.reply_markup);
      }
      return true;
    },
    setwebhook: (p) => {
      let url: URL | undefined;
      try {
        url = p.url ? new URL(String(p.url)) : undefined;
      } catch {
        throw badRequest("invalid webhook URL specified");
      }
      if (url && url.protocol !== "https:") throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
      if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token)))
        throw badRequest("bad webhook: secret token contains unallowed characters");
      webhook = url ? { url: url.href, allowed_updates: Array.isArray(p.allowed_updates) ? (p.allowed_updates as string[]) : undefined } : undefined;
      return true;
    },
    deletewebhook: () => {
      webhook = undefined;
      return true;
    },
    setmycommands: (p) => {
      const commands = p.commands;
      if (!Array.isArray(commands)) throw badRequest("can't parse commands JSON object");
      for (const c of commands as Record<string, unknown>[]) {
        if (typeof c?.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest("BOT_COMMAND_INVALID");
        if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256)
          throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
      }
      return true;
    },
    sendchataction: (p) => {
      chatOf(p.chat_id);
      return true;
    },
  };

  async function handleControl(request: Request, url: URL): Promise<Response> {
    const action = url.pathname.slice("/__control/".length);
    if (action === "calls" && request.method === "GET") {
      const method = url.searchParams.get("method");
      return json(200, method ? calls.filter((c) => c.method.toLowerCase() === method.toLowerCase()) : calls);
    }
    if (action === "reset" && request.method === "POST") {
      reset();
      return json(200, { ok: true });
    }
    if (action === "fail" && request.method === "POST") {
      try {
        fail((await request.json()) as FailProgram);
      } catch (e) {
        return json(400, { ok: false, description: `bad failure program: ${(e as Error).message}` });
      }
      return json(200, { ok: true });
    }
    if (action === "files" && request.method === "POST") {
      const body = (await request.json().catch(() => null)) as { name?: string; base64?: string } | null;
      if (!body || typeof body.base64 !== "string") return json(400, { ok: false, description: "bad file: base64 is required" });
      const bytes = Uint8Array.from(atob(body.base64), (c) => c.charCodeAt(0));
      const id = `file-${files.size + 1}-${Math.random().toString(36).slice(2, 8)}`;
      files.set(id, { path: `documents/${id}_${(body.name ?? "file").replace(/[^\w.-]/g, "_")}`, bytes });
      return json(200, { ok: true, file_id: id, file_unique_id: `u${id}`, file_size: bytes.length });
    }
    if (action === "updates" && request.method === "POST") {
      try {
        const body = (await request.json()) as Record<string, unknown> | Record<string, unknown>[];
        return json(200, { ok: true, queued: queueUpdates(Array.isArray(body) ? body : [body]) });
      } catch (e) {
        return json(400, { ok: false, description: `bad updates: ${(e as Error).message}` });
      }
    }
    return json(404, { ok: false, description: `unknown control endpoint ${request.method} ${url.pathname}` });
  }

  /** Serves one request to https://botapi.test/... */
  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.hostname !== BOT_API_HOST) return json(502, { ok: false, description: `not the Bot API stand-in host: ${url.host}` });
    if (url.pathname.startsWith("/__control/")) return handleControl(request, url);
    const download = /^\/file\/bot([^/]*)\/(.+)$/.exec(url.pathname);
    if (download) {
      const path = decodeURIComponent(download[2]);
      const file = [...files.values()].find((f) => f.path === path);
      calls.push({ seq: calls.length + 1, token: decodeURIComponent(download[1]), method: "file", params: { path }, ok: !!file, status: file ? 200 : 404 });
      if (!file || decodeURIComponent(download[1]) === BAD_TOKEN) return json(404, { ok: false, error_code: 404, description: "Not Found" });
      return new Response(file.bytes, { status: 200, headers: { "content-type": "application/octet-stream" } });
    }

    const m = /^\/bot([^/]*)\/([^/]*)\/?$/.exec(url.pathname);
    if (!m) return json(404, { ok: false, error_code: 404, description: "Not Found" });
    const token = decodeURIComponent(m[1]);
    const method = decodeURIComponent(m[2]);
    const call: RecordedCall = { seq: calls.length + 1, token, method, params: {}, ok: true, status: 200 };
    calls.push(call);

    let status = 200;
    let body: { ok: true; result: unknown } | ({ ok: false } & ApiError);
    try {
      call.params = await readParams(request, url);
      if (token === BAD_TOKEN) throw new ApiFailure({ error_code: 401, description: "Unauthorized" });
      const handler = methods[method.toLowerCase()];
      if (!handler) throw new ApiFailure({ error_code: 404, description: "Not Found: method not found" });
      const lower = method.toLowerCase();
      const program = programs.find((p) => (p.method === lower || (p.method === "*" && !p.except.includes(lower))) && p.remaining > 0);
      if (program) {
        program.remaining--;
        throw new ApiFailure(program.error);
      }
      body = { ok: true, result: await handler(call.params) };
    } catch (e) {
      // a bug in the stand-in answers 500, and is recorded like any failure
      const error = e instanceof ApiFailure ? e.error : { error_code: 500, description: `Internal Server Error: stand-in: ${(e as Error).message}` };
      status = error.error_code;
      body = { ok: false, ...error };
      Object.assign(call, { ok: false, status, description: error.description });
    }
    programs = programs.filter((p) => p.remaining > 0);
    return json(status, body);
  }

  return { handle, calls: () => calls, reset, fail, queueUpdates };
}

/** The one stand-in of the vitest process, shared by all worker test files. */
export const botApiStandIn = createBotApiStandIn();

/**
 * Miniflare `outboundService` for the worker project: https://botapi.test goes to the
 * stand-in; any other outbound fetch from workerd gets a 502 that names the URL.
 */
export async function outboundForTests(request: Request): Promise<Response> {
  const url = new URL(request.url);
  // a Bot API root that cannot be reached at all (connection refused)
  if (url.hostname === UNREACHABLE_HOST) throw new TypeError(`connect ECONNREFUSED (${request.url})`);
  if (url.hostname === BOT_API_HOST) return botApiStandIn.handle(request);
  return new Response(`Outbound fetch blocked in tests: ${request.method} ${request.url} (only ${BOT_API_ROOT}/ is served, by test/support/bot-api-stand-in.ts)`, {
    status: 502,
    headers: { "content-type": "text/plain; charset=utf-8", "x-blocked-by": "bot-api-stand-in" },
  });
}

// ---------------------------------------------------------------------------------------
// Client for tests

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The control client of a stand-in at `root` (https://botapi.test in workerd, or one served by bot-api-stand-in-server.ts). */
export function standInAt(root: string) {
  const call = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await fetch(`${root}/__control/${path}`, init);
    if (!response.ok) throw new Error(`stand-in control ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const post = <T>(path: string, body?: unknown) =>
    call<T>(path, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return {
    /** Recorded calls since the last reset, optionally of one method. */
    calls: (method?: string) => call<RecordedCall[]>(method ? `calls?method=${encodeURIComponent(method)}` : "calls"),
    /** Clears recorded calls, failure programs, chats, queued updates and files. */
    reset: () => post<{ ok: true }>("reset"),
    /** The next `times` (default 1) calls of `method` fail with this error. */
    fail: (program: FailProgram) => post<{ ok: true }>("fail", program),
    /** Queues updates for the bot's getUpdates (long polling); returns the queued update ids. */
    queueUpdates: (updates: Record<string, unknown> | Record<string, unknown>[]) => post<{ ok: true; queued: number[] }>("updates", updates),
    /** A file a user could send: its bytes, served to getFile + /file/bot<token>/<path>. */
    file: (name: string, bytes: Uint8Array) =>
      post<{ ok: true; file_id: string; file_unique_id: string; file_size: number }>("files", { name, base64: toBase64(bytes) }),
  };
}

/** The client tests inside workerd use (through the outbound service). */
export const standIn = standInAt(BOT_API_ROOT);
