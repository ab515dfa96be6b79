#!/bin/bash
# loop.sh SCENARIO TAG TRUTH SEED...   (one ccsim process at a time, --threads 1)
set -e
sc=$1; tag=$2; truth=$3; shift 3
for s in "$@"; do
  timeout 120 ../ccsim run "$sc" --threads 1 --quiet --seed "$s" --out "run_${tag}_s$s" --contact-records "run_${tag}_s$s/records.jsonl" > "run_${tag}_s$s.txt"
  timeout 120 ../ccsim calibrate "run_${tag}_s$s/records.jsonl" --out "cal_${tag}_s$s" --interval 60m --quiet
  python3 analyze.py "run_${tag}_s$s" "cal_${tag}_s$s" "$truth" | sed "s/^{/{\"seed\": $s, \"tag\": \"$tag\", /" >> "results_${tag}.jsonl"
done
