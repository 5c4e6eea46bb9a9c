// The search tier on Node: databases in sql.js (the SQLite the Node host uses), one and two shards.
import { openSqliteFile } from "../../src/db/sqlite-file.js";
import { describeTier } from "../fixtures/tier-checks.js";

const open = () => openSqliteFile(undefined);
describeTier("Node", async () => [[await open()], [await open(), await open()]]);
