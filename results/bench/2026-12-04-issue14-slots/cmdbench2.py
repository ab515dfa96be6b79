import subprocess,time,sys,os,statistics
# cmdbench2.py ROUNDS REPS BIN...  (interleaved: every round runs each BIN at 1 and 2 threads)
rounds=int(sys.argv[1]); reps=sys.argv[2]; bins=sys.argv[3:]
S='/work/main/scenarios/sweep_headcount.toml'
T={(b,t):[] for b in bins for t in (1,2)}
n=0
for r in range(rounds):
    for b in bins:
        for t in (1,2):
            n+=1; out=f'{os.environ.get("CBDIR","/tmp/cb")}/{os.getpid()}-{n}'
            args=[b,'sweep',S,'--out',out,'--threads',str(t),'--quiet','--replications',reps]
            t0=time.perf_counter(); subprocess.run(args,stdout=subprocess.DEVNULL,check=True); T[(b,t)].append(time.perf_counter()-t0)
for b in bins:
    a=T[(b,1)]; c=T[(b,2)]
    ratios=[x/y for x,y in zip(a,c)]
    print(f"{os.path.basename(b)} reps={reps}: 1t med {statistics.median(a)*1e3:.1f} min {min(a)*1e3:.1f} | 2t med {statistics.median(c)*1e3:.1f} min {min(c)*1e3:.1f} | speedup med-of-ratios {statistics.median(ratios):.2f} medians {statistics.median(a)/statistics.median(c):.2f} minima {min(a)/min(c):.2f}")
