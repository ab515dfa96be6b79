#!/usr/bin/env bash
# cg.sh BIN TAG M20S M10KS : callgrind instruction totals for two M/M/c models (the
# model benches/peers/run writes, 100 k customers, 20 and 10,000 agents), all_methods,
# default and the bundled sweep. Run from the repository's root.
bin=$1; tag=$2; m20s=$3; m10ks=$4
run() { name=$1; shift; valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.$tag.$name "$@" >/dev/null 2>/tmp/cg.err.$tag.$name; echo "$tag $name $(grep 'I   refs' /tmp/cg.err.$tag.$name | awk '{print $NF}')"; }
run m20s $bin run $m20s --threads 1 --quiet --out /tmp/cgo.$tag.m20s
run m10ks $bin run $m10ks --threads 1 --quiet --out /tmp/cgo.$tag.m10ks
run all_methods $bin run scenarios/all_methods.toml --threads 1 --quiet --out /tmp/cgo.$tag.am
run default $bin run scenarios/default.toml --threads 1 --quiet --out /tmp/cgo.$tag.def
run sweep $bin sweep scenarios/sweep_headcount.toml --threads 1 --quiet --out /tmp/cgo.$tag.sw
