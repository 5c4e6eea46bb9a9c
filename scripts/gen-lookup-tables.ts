// Writes the generated lookup tables of the worker from opencc-js and @vant/area-data:
//   npx tsx scripts/gen-lookup-tables.ts   (npm run gen:tables)
// test/node/lookup-tables.test.ts fails when they are stale.
import { writeFileSync } from "node:fs";
import { gazetteerModule, t2sModule, TABLE_FILES } from "./lookup-tables/encode.js";

writeFileSync(TABLE_FILES.t2s, t2sModule());
writeFileSync(TABLE_FILES.gazetteer, gazetteerModule());
console.log(`wrote ${TABLE_FILES.t2s}\nwrote ${TABLE_FILES.gazetteer}`);
