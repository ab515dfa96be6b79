# cg.sh BIN TAG: instructions, whole process, of the inputs of instructions.txt
# Run from the repository root; the M/M/c models are this folder's.
B=$1; T=$2; D=$(dirname "$0")
for inp in "run $D/mmc-20-100k.toml" "run $D/mmc-10000-100k.toml" "run scenarios/all_methods.toml" "run scenarios/default.toml" "sweep scenarios/sweep_headcount.toml"; do
  rm -rf /tmp/cgo-$T
  n=$(valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null $B $inp --out /tmp/cgo-$T --threads 1 --quiet 2>&1 >/dev/null | grep "I *refs" | awk '{print $NF}')
  echo "$T | $inp | $n"
done
