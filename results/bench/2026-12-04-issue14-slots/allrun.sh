#!/bin/bash
# allrun.sh BIN OUT: every bundled scenario (run, with contact records) and sweep into OUT
B=$1; O=$2; rm -rf $O; mkdir -p $O
cd /work/main
for f in scenarios/*.toml; do n=$(basename $f .toml)
  if grep -q '^\[sweep\]' $f; then
    $B sweep $f --out $O/$n --threads 2 --quiet > $O/$n.stdout 2>&1
  else
    $B run $f --out $O/$n --threads 2 --quiet --contact-records $O/$n.records.jsonl > $O/$n.stdout 2>&1
  fi
  echo "$n rc=$?" >> $O/rc.txt
done
