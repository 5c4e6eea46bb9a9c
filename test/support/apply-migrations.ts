// Worker tests: the D1 schema (migrations/, read by vitest.config.ts) applied to Miniflare's
// local D1 before each test file, as `wrangler d1 migrations apply` would (already applied ones are skipped).
import { applyD1Migrations, env } from "cloudflare:test";

const bindings = env as unknown as { DB: D1Database; TEST_MIGRATIONS: Parameters<typeof applyD1Migrations>[1] };
await applyD1Migrations(bindings.DB, bindings.TEST_MIGRATIONS);
