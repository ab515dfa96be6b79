#!/usr/bin/env bash
# multi.sh ROUNDS TOML BIN... : interleaved rounds; prints median of per-round ratio vs first bin
R=$1 T=$2; shift 2
out=$(mktemp)
for i in $(seq 1 $R); do
  row=""
  for b in "$@"; do s=$(date +%s%N); $b run $T --threads 1 --out ${OUT:-/tmp/o} --quiet >/dev/null; e=$(date +%s%N); row="$row $(((e-s)/1000000))"; done
  echo $row >> $out
done
[ -n "${RAW:-}" ] && cp "$out" "$RAW"
python3 - "$out" "$@" <<'PY'
import sys, statistics as st
rows=[list(map(float,l.split())) for l in open(sys.argv[1])]
bins=sys.argv[2:]
for j,b in enumerate(bins):
    q=sorted(r[j]/r[0] for r in rows); n=len(q)
    mn=min(r[j] for r in rows); print(f"min {mn:6.0f} "+f"{b.split('/')[-1]:14s} median {st.median(r[j] for r in rows):6.0f} ms  ratio {st.median(q):.3f} (IQR {q[n//4]:.3f}-{q[3*n//4]:.3f})")
PY
