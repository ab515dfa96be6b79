#!/usr/bin/env bash
# scale.sh ROUNDS BIN...: per round, each binary on M/M/20 then M/M/10000 (1 M customers each,
# whole process, one thread); prints per binary the median ms of each and the median per-round
# ratio 10000/20 (the cost per customer at 10,000 agents over that at 20: same customers).
set -euo pipefail
ROUNDS=$1; shift
raw=$(mktemp)
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
for _ in $(seq 1 "$ROUNDS"); do
  for b in "$@"; do
    echo "$b $(ms $b run mmc-20-1m.toml --threads 1 --out /tmp/o-scale --quiet) $(ms $b run mmc-10000-1m.toml --threads 1 --out /tmp/o-scale --quiet)" >> "$raw"
  done
done
python3 - "$raw" <<'PY'
import statistics as st, sys, collections
rows = collections.defaultdict(list)
for l in open(sys.argv[1]):
    b, a, c = l.split(); rows[b].append((float(a), float(c)))
for b, r in rows.items():
    q = sorted(c / a for a, c in r); n = len(q)
    print(f"{b}: M/M/20 median {st.median(a for a, _ in r):.0f} ms, M/M/10000 median {st.median(c for _, c in r):.0f} ms; "
          f"per-round ratio median {st.median(q):.3f} (IQR {q[n//4]:.3f}-{q[(3*n)//4]:.3f}), n={n}")
PY
cat "$raw" > "${RAW:-/dev/null}"
