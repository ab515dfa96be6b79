#!/usr/bin/env bash
# icount.sh BIN ARGS...: instructions of one whole process (cachegrind, no cache sim)
BIN=$1; shift
rm -rf /tmp/ic-out
valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null $BIN "$@" --out /tmp/ic-out --quiet 2>&1 | grep "I *refs" | awk '{print $NF}'
