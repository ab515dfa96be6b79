#!/usr/bin/env bash
# Measurements for results/bench/2026-12-03-issue14-faults (base = 0e52398, final = fb6e93f).
set -u
R=/work/main/results/bench/2026-12-03-issue14-faults
B=/work/perf/ccsim-new2; F=/work/perf/ccsim-final; S=/work/main/scenarios
cd /work/main
{
echo "# benches/ab/run: A = 0e52398, B = fb6e93f"
echo "## sweep sweep_headcount.toml --threads 2 (60 rounds)"
PRE='rm -rf /tmp/swab' RAW=$R/ab-sweep-2.raw benches/ab/run 60 $B $F -- sweep $S/sweep_headcount.toml --out /tmp/swab --quiet --threads 2
echo "## sweep sweep_headcount.toml --threads 1 (60 rounds)"
PRE='rm -rf /tmp/swab' RAW=$R/ab-sweep-1.raw benches/ab/run 60 $B $F -- sweep $S/sweep_headcount.toml --out /tmp/swab --quiet --threads 1
echo "## run all_methods.toml --replications 200 --threads 2 (30 rounds)"
PRE='rm -rf /tmp/abo' RAW=$R/ab-am200-2.raw benches/ab/run 30 $B $F -- run $S/all_methods.toml --replications 200 --out /tmp/abo --quiet --threads 2
echo "## run all_methods.toml --threads 1 (40 rounds)"
PRE='rm -rf /tmp/abo' RAW=$R/ab-am-1.raw benches/ab/run 40 $B $F -- run $S/all_methods.toml --out /tmp/abo --quiet --threads 1
echo "## run mmc-20-1m.toml --threads 1 (M/M/20, 1 M customers; 15 rounds)"
PRE='rm -rf /tmp/abo' RAW=$R/ab-mmc20.raw benches/ab/run 15 $B $F -- run results/bench/2026-12-03-issue14-faults/mmc-20-1m.toml --out /tmp/abo --quiet --threads 1
} > $R/ab.txt 2>&1
{
echo "# minor page faults, /usr/bin/time -f %R, 3 runs each, A = 0e52398, B = fb6e93f"
for cmd in "sweep $S/sweep_headcount.toml --threads 2" "sweep $S/sweep_headcount.toml --threads 1" "run $S/all_methods.toml --replications 200 --threads 2" "run $S/all_methods.toml --threads 1"; do
  for tag in A B; do bin=$B; [ $tag = B ] && bin=$F
    v=""; for i in 1 2 3; do rm -rf /tmp/fo; /usr/bin/time -o /tmp/fo.time -f %R $bin $cmd --out /tmp/fo --quiet >/dev/null 2>&1; v="$v $(tail -1 /tmp/fo.time)"; done
    echo "$tag | ccsim ${cmd#$S/} | $v"
  done
done
} > $R/faults.txt 2>&1
{
echo "# strace -f -c, system calls of one sweep (sweep_headcount.toml --threads 2)"
for tag in A B; do bin=$B; [ $tag = B ] && bin=$F
  rm -rf /tmp/sw; strace -f -c -o /tmp/sc.$tag $bin sweep $S/sweep_headcount.toml --out /tmp/sw --quiet --threads 2 >/dev/null 2>&1
  echo "## $tag"; grep -E "total| (openat|read|close|statx|write|rename|fsync|mkdir)$" /tmp/sc.$tag
done
} > $R/syscalls.txt 2>&1
{
echo "# instructions, whole process, --threads 1: valgrind --tool=cachegrind --cache-sim=no (cg.sh in this folder)"
bash $R/cg.sh $B 0e52398; bash $R/cg.sh $F fb6e93f
} > $R/instructions.txt 2>&1
echo done > /tmp/measure.done
