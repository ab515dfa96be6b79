# Whole-process wall time of `ccsim run` to an ext4 folder and to tmpfs,
# two builds interleaved, median of 15 rounds each.
import subprocess, sys, time, statistics
A, B = sys.argv[1], sys.argv[2]
def t(b, d, f):
    s = time.perf_counter()
    subprocess.run([b, "run", f, "--threads", "1", "--quiet", "--out", d], stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - s
for f in ["scenarios/all_methods.toml", "scenarios/default.toml", "/tmp/m1000000.toml"]:
    r = {}
    for i in range(15):
        for name, b in (("before", A), ("after", B)):
            for d in ("/tmp/ox", "/dev/shm/ox"):
                r.setdefault((name, d), []).append(t(b, d, f))
    for (name, d), v in r.items():
        print(f"{f:32} {name:7} {'ext4' if d.startswith('/tmp') else 'tmpfs':6} {statistics.median(v)*1000:7.1f} ms")
