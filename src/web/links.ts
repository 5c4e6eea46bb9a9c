// The web pages' addresses, one place for the pages themselves and for everything that links to
// them (the bot's URL buttons, inline results). Clause and document addresses are built from ids
// that stay the same across index versions while the document does (`<docId>:<path numbers>`).

/** `https://host/base` without a trailing slash, or "" for links relative to the site. */
export type BaseUrl = string;

export function answerPath(q: string): string {
  return `/q?q=${encodeURIComponent(q)}`;
}

export function clausePath(clauseId: string): string {
  return `/c/${encodeURIComponent(clauseId)}`;
}

export function documentPath(docId: string): string {
  return `/d/${encodeURIComponent(docId)}`;
}

/** An absolute link from a configured PUBLIC_BASE_URL ("https://example.org/zct/" → no double slash). */
export function absolute(base: BaseUrl, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}
