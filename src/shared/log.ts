// Log lines an operator reads (wrangler tail, Workers Logs, Logpush, the Node console).
//
// A line never holds a secret: errors are reduced to what they are (name and message; for a
// Telegram call its method, error_code and description) instead of being dumped whole — a
// grammY BotError carries the context and with it `api.token`, and on Node a failed fetch's
// message holds the URL `…/bot<TOKEN>/sendMessage`. Every line then passes through `redact`,
// which masks anything shaped like a bot token or a `/bot…/` URL part and every value
// registered with `registerSecret` (the bot token, the webhook secret, the admin token).

const secrets = new Set<string>();

/** Masks this value wherever it appears in a log line from now on (values under 8 characters are ignored). */
export function registerSecret(value: unknown): void {
  if (typeof value === "string" && value.length >= 8) secrets.add(value);
}

const TOKEN_SHAPE = /\b\d{3,}:[A-Za-z0-9_-]{20,}/g;
const TOKEN_IN_PATH = /\/(file\/)?bot\d+(?::|%3A)[^/\s"'?#]*/gi;

export function redact(text: string): string {
  let out = text.replace(TOKEN_IN_PATH, (_, file) => `/${file ?? ""}bot<redacted>`).replace(TOKEN_SHAPE, "<redacted>");
  for (const secret of secrets) out = out.split(secret).join("<redacted>");
  return out;
}

interface ApiErrorShape {
  method: string;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** grammY's GrammyError: a call Telegram answered with ok: false. */
export const isApiError = (e: unknown): e is ApiErrorShape & Error =>
  e instanceof Error && isObject(e) && typeof e.method === "string" && typeof e.error_code === "number" && typeof e.description === "string";

/** One line for an error of any kind, with no secret and no object dumped whole. */
export function describeError(error: unknown, depth = 0): string {
  if (depth > 3) return "…";
  if (isApiError(error)) {
    const wait = error.parameters?.retry_after !== undefined ? `, retry_after ${error.parameters.retry_after}` : "";
    return `Telegram ${error.method}: ${error.error_code} ${error.description}${wait}`;
  }
  if (error instanceof Error) {
    const e = error as Error & { ctx?: { update?: { update_id?: unknown } }; error?: unknown; code?: unknown };
    // grammY's BotError (the handler failed) and HttpError (the network call failed) wrap the cause in `error`
    if (e.name === "BotError" || (isObject(e.ctx) && "error" in e)) {
      return `update ${String(e.ctx?.update?.update_id ?? "?")}: ${describeError(e.error, depth + 1)}`;
    }
    const code = typeof e.code === "string" ? ` [${e.code}]` : "";
    let line = `${e.name}${code}: ${e.message}`;
    if (e.name === "HttpError" && e.error !== undefined) line += ` (${describeError(e.error, depth + 1)})`;
    else if (e.cause !== undefined) line += ` (cause: ${describeError(e.cause, depth + 1)})`;
    return line;
  }
  if (typeof error === "string") return error;
  if (typeof error === "number" || typeof error === "boolean" || error === undefined || error === null) return String(error);
  return `non-error value (${Object.prototype.toString.call(error)})`;
}

/** The first frames of an error's stack, for errors that are the program's own fault. */
function stackOf(error: unknown): string {
  if (!(error instanceof Error) || isApiError(error) || error.name === "HttpError" || typeof error.stack !== "string") return "";
  const frames = error.stack.split("\n").filter((l) => /^\s+at /.test(l)).slice(0, 6);
  return frames.length ? `\n${frames.join("\n")}` : "";
}

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export const log: Logger = {
  info: (message) => console.log(redact(message)),
  error: (message, error) => console.error(redact(error === undefined ? message : `${message}: ${describeError(error)}${stackOf(error)}`)),
};
