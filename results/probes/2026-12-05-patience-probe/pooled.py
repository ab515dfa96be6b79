#!/usr/bin/env python3
"""Pooled relative errors over all runs (results_*.jsonl) + goodness-of-fit rejection details."""
import json, glob, statistics as st, math
rows = [json.loads(l) for f in sorted(glob.glob('results_*.jsonl')) for l in open(f)]
def rel(k, sel=lambda r: True):
    xs = [(r[k] - r['truth']) / r['truth'] * 100 for r in rows if sel(r)]
    m = st.mean(xs); se = st.stdev(xs) / math.sqrt(len(xs))
    return f"n={len(xs):2d} mean rel. error {m:+5.2f} % ± {se:4.2f} (t={m/se:+5.2f}), below truth {sum(x<0 for x in xs)}/{len(xs)}"
for k in ('cal_mean', 'cal_exp', 'mle_duration'):
    print(f"{k:13s}", rel(k))
for fam in sorted({r["chosen"] for r in rows}):
    print(f"  chosen={fam:11s}", rel('cal_mean', lambda r, f=fam: r['chosen'] == f))
print("shift cal_exp - myMLE (s):", {t: round(st.mean(r['cal_exp'] - r['mle_duration'] for r in rows if r['tag'] == t), 2) for t in sorted({r['tag'] for r in rows})})
print("chosen-family CI covers truth:", sum(r['cal_ci'][0] <= r['truth'] <= r['cal_ci'][1] for r in rows), "/", len(rows),
      "; exponential CI covers truth:", sum(r['cal_exp_ci'][0] <= r['truth'] <= r['cal_exp_ci'][1] for r in rows), "/", len(rows))
emp = [r for r in rows if r['chosen'] == 'empirical']
print(f"empirical chosen (exponential rejected by the KS check although the truth is exponential): {len(emp)}/{len(rows)}")
print("empirical mean outside its own reported CI:", sum(not (r['cal_ci'][0] <= r['cal_mean'] <= r['cal_ci'][1]) for r in emp), "/", len(emp))
for r in emp:
    c = json.load(open(f"cal_{r['tag']}_s{r['seed']}/calibration.json"))['streams'][0]['patience']
    g = c['goodness_of_fit']; km = {k['t_s']: k for k in c['kaplan_meier']}
    at = km.get(g['at'], {})
    print(f"  {r['tag']} s{r['seed']}: emp mean {r['cal_mean']:6.1f} (exp fit {r['cal_exp']:6.1f}); KS D {g['distance']:.4f} > limit {g['critical']:.4f} at t={g['at']}s where KM at_risk={at.get('at_risk')} KM se={at.get('se', float('nan')):.3f}")
