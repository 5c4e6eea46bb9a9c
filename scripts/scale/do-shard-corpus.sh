#!/bin/sh
# Splits a generated corpus folder into S shard folders by document hash (FNV-1a of the document
# id = file name without .txt, mod S; as shard-sqlite.ts) as symlinks, and builds today's index
# of each with `npm run index` (peak RSS and time from /usr/bin/time -v).
#   sh scripts/scale/do-shard-corpus.sh /tmp/scale/gen100k 4 /tmp/scale/do100k
set -e
corpus=$1; S=$2; out=$3
mkdir -p "$out"
node --import tsx -e "
import { hashSeed } from '$PWD/src/bench/prng.ts';
import { readdirSync, mkdirSync, symlinkSync, existsSync } from 'node:fs';
const files = readdirSync('$corpus').filter((f) => f.endsWith('.txt'));
for (let s = 0; s < $S; s++) mkdirSync('$out/docs-' + s, { recursive: true });
for (const f of files) { const s = hashSeed(f.replace(/\.txt\$/, '')) % $S; const to = '$out/docs-' + s + '/' + f; if (!existsSync(to)) symlinkSync('$corpus/' + f, to); }
"
s=0
while [ $s -lt $S ]; do
  /usr/bin/time -v npm run index -- --input "$out/docs-$s" --out "$out/idx-$s" > "$out/build-$s.log" 2>&1
  grep -E "已建索引|Maximum resident" "$out/build-$s.log"
  s=$((s+1))
done
