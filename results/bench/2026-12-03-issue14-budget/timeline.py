"""CPU samples per thread per 5 ms of one `ccsim sweep` run, from
`perf script -F tid,time` of a `perf record -e cpu-clock -F 20000` run
(one sample = 50 us of CPU). Usage: perf script -i DATA -F tid,time | python3 timeline.py"""
import collections
import sys

rows = []
for line in sys.stdin:
    p = line.split()
    if len(p) >= 2:
        rows.append((float(p[1].rstrip(":")), p[0]))
t0 = rows[0][0]
buckets = collections.defaultdict(collections.Counter)
for t, tid in rows:
    buckets[int((t - t0) * 200)][tid] += 1
tids = sorted({tid for _, tid in rows}, key=int)
print("ms   " + " ".join(f"{t:>6}" for t in tids))
for k in sorted(buckets):
    print(f"{k * 5:4d} " + " ".join(f"{buckets[k][t]:6d}" for t in tids))
