#!/bin/sh
# One measurement set for a size (20k, 100k, 300k, 1m) as run N: Node SQLite (+FTS, +parity
# when the in-memory index exists), Miniflare D1 S=1 (+FTS) and S=4. Output: /tmp/scale/<kind>-<size>-run<N>.json
#   sh scripts/scale/run-set.sh 100k 2
set -e
size=$1; run=$2; D=/tmp/scale/sql$size; I=/tmp/scale/idx$size; R=/tmp/scale/ref$size.json
if [ -d "$I" ] && [ ! -f "$R" ]; then idx="--index $I --save $R"; else idx=""; fi
[ -f "$R" ] || save="--save $R"
node --expose-gc --max-old-space-size=16000 --import tsx scripts/scale/node-sqlite.ts --dir $D ${idx:-$save} --questions 200 --rounds 3 --fts 100,500 > /tmp/scale/node-sqlite-$size-run$run.json
node --import tsx scripts/scale/miniflare-d1.ts --dir $D --questions 200 --rounds 3 --compare $R --fts 100,500 > /tmp/scale/mf-$size-s1-run$run.json
[ -d $D/shard-4-0 ] || node --max-old-space-size=8000 --import tsx scripts/scale/shard-sqlite.ts --dir $D --shards 4
node --import tsx scripts/scale/miniflare-d1.ts --dir $D --shards $D/shard-4-0,$D/shard-4-1,$D/shard-4-2,$D/shard-4-3 --questions 200 --rounds 3 --compare $R > /tmp/scale/mf-$size-s4-run$run.json
