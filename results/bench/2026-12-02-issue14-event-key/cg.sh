#!/usr/bin/env bash
# cg.sh BIN TAG : callgrind instruction totals for m20s, m10ks, all_methods, default, sweep
bin=$1; tag=$2; cd /work/main
run() { name=$1; shift; valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.$tag.$name "$@" >/dev/null 2>/tmp/cg.err.$tag.$name; echo "$tag $name $(grep 'I   refs' /tmp/cg.err.$tag.$name | awk '{print $NF}')"; }
run m20s $bin run /work/perf/m20s.toml --threads 1 --quiet --out /tmp/cgo.$tag.m20s
run m10ks $bin run /work/perf/m10ks.toml --threads 1 --quiet --out /tmp/cgo.$tag.m10ks
run all_methods $bin run scenarios/all_methods.toml --threads 1 --quiet --out /tmp/cgo.$tag.am
run default $bin run scenarios/default.toml --threads 1 --quiet --out /tmp/cgo.$tag.def
run sweep $bin sweep scenarios/sweep_headcount.toml --threads 1 --quiet --out /tmp/cgo.$tag.sw
