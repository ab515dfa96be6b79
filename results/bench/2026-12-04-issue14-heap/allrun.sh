#!/usr/bin/env bash
# allrun.sh BIN OUT: runs every bundled scenario (records on) + the two big ones; for diff -r.
BIN=$1 OUT=$2
rm -rf $OUT; mkdir -p $OUT
cd /work/main
for f in scenarios/*.toml; do n=$(basename $f .toml); $BIN run $f --out $OUT/$n --quiet --contact-records $OUT/$n.records.csv > $OUT/$n.stdout 2>&1 || echo "fail $n" ; done
$BIN run scenarios/all_methods.toml --replications 30 --out $OUT/am30 --quiet > $OUT/am30.stdout 2>&1
$BIN run scenarios/campaign.toml --replications 30 --out $OUT/cp30 --quiet > $OUT/cp30.stdout 2>&1
$BIN run /work/perf/m10k-200k.toml --out $OUT/m10k --quiet > $OUT/m10k.stdout 2>&1
$BIN run /work/perf/m20-200k.toml --out $OUT/m20 --quiet > $OUT/m20.stdout 2>&1
