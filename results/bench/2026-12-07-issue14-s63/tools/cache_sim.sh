#!/bin/bash
# usage: cache_sim.sh BIN OUT  (from the repository's top folder)
# callgrind with the cache simulation on the 200 k-customer M/M/20 model: prints
# instructions (Ir) and first-level instruction-cache misses (I1mr), and leaves
# OUT for layout_proxy.py.
BIN=$1; OUT=$2
valgrind --tool=callgrind --cache-sim=yes --dump-instr=yes --callgrind-out-file="$OUT" \
  "$BIN" run results/bench/2026-12-04-issue14-events/m20-200k.toml --threads 1 --quiet \
  --out /dev/shm/cache-sim-out > "$OUT.log" 2>&1
rm -rf /dev/shm/cache-sim-out
echo "$(grep Collected "$OUT.log" | awk '{print "Ir",$4,"I1mr",$7}')"
