// The search tier in workerd: Miniflare's D1 (the engine the edge uses), one database (TIER_0)
// and two shards (TIER_0, TIER_1), bound for the tests in vitest.config.ts.
import { env } from "cloudflare:test";
import { d1Db } from "../../src/db/d1.js";
import { describeTier } from "../fixtures/tier-checks.js";

const bound = env as unknown as { TIER_0: D1Database; TIER_1: D1Database };
describeTier("workerd", async () => [[d1Db(bound.TIER_0)], [d1Db(bound.TIER_0), d1Db(bound.TIER_1)]]);
