// The npm registry mirror this project builds against serves workerd's Linux builds but not
// its macOS/Windows ones (404), so `npm install` leaves them out of package-lock.json and
// `npm ci` then refuses the lockfile ("Missing: @cloudflare/workerd-darwin-64@ from lock
// file"). This adds lock entries for them; on Linux npm never fetches them (their `os`
// does not match). Run after any `npm install` that rewrites the lockfile:
//   node scripts/lock-workerd-platforms.mjs
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const PLATFORMS = { "darwin-64": ["darwin", "x64"], "darwin-arm64": ["darwin", "arm64"], "windows-64": ["win32", "x64"] };
let added = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
  if (!path.endsWith("node_modules/workerd")) continue;
  const prefix = path.slice(0, -"workerd".length);
  for (const [suffix, [os, cpu]] of Object.entries(PLATFORMS)) {
    const name = `@cloudflare/workerd-${suffix}`;
    if (!pkg.optionalDependencies?.[name]) continue;
    const key = `${prefix}${name}`;
    if (lock.packages[key]) continue;
    lock.packages[key] = { version: pkg.optionalDependencies[name], cpu: [cpu], dev: pkg.dev, license: "Apache-2.0", optional: true, os: [os], engines: { node: ">=16" } };
    added++;
  }
}
// npm orders package keys with localeCompare("en"): keep its order so npm install leaves the file alone.
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => a.localeCompare(b, "en")));
writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(`lock-workerd-platforms: added ${added} entries`);
