"""Instruction-cache pressure of a build, free of its code's placement.

usage: python3 layout_proxy.py CALLGRIND_OUT [THRESHOLD]

CALLGRIND_OUT comes from `valgrind --tool=callgrind --dump-instr=yes ...` (see
cache_sim.sh). Prints the hot lines (64-byte lines holding an instruction run at
least THRESHOLD times, default 50,000) and, over 256 shifts of the code by 16
bytes, how many hot lines sit in first-level cache sets (64 of them, 8 ways)
holding more than 8 — the lines that must evict each other. One build's miss
count moves with where the linker happens to place `.text`; this average does not.
"""
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cgparse import parse  # noqa: E402

cnt, _, events = parse(sys.argv[1])
thr = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
ir = events.index("Ir")
hot = [a for a, v in cnt.items() if v[ir] >= thr]
lines = set(a // 64 for a in hot)
overfull = []
for shift in range(256):
    # lines, not instructions, per set
    per_set = collections.Counter(l % 64 for l in set((a + 16 * shift) // 64 for a in hot))
    overfull.append(sum(n for n in per_set.values() if n > 8))
overfull.sort()
print(
    os.path.basename(sys.argv[1]),
    "hot lines", len(lines),
    "lines in overfull sets: mean %.1f, median %d, p10 %d, p90 %d"
    % (sum(overfull) / len(overfull), overfull[len(overfull) // 2],
       overfull[len(overfull) // 10], overfull[9 * len(overfull) // 10]),
)
