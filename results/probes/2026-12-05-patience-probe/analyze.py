#!/usr/bin/env python3
"""analyze.py RUN_DIR CAL_DIR TRUTH  -> one JSON line with the per-seed numbers."""
import json, sys, datetime as dt, math
run, cal, truth = sys.argv[1], sys.argv[2], float(sys.argv[3])
def ts(s): return dt.datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp()
n = nab = nq = 0
sum_dur = sum_ts = sum_conn = 0.0   # total exposure under 3 wait definitions
ab_dur = 0.0
outcomes = {}
for line in open(f'{run}/records.jsonl'):
    r = json.loads(line); n += 1
    q = r.get('Queue')
    if not q or not q.get('EnqueueTimestamp'): continue
    nq += 1
    oc = r['Attributes'].get('ccsim_outcome'); outcomes[oc] = outcomes.get(oc, 0) + 1
    d = q['Duration']
    e = ts(q['EnqueueTimestamp']); dq = ts(q['DequeueTimestamp']) if q.get('DequeueTimestamp') else ts(r['DisconnectTimestamp'])
    sum_dur += d; sum_ts += dq - e
    a = r.get('Agent')
    if a and a.get('ConnectedToAgentTimestamp'):
        sum_conn += ts(a['ConnectedToAgentTimestamp']) - e
    else:
        sum_conn += dq - e
        if a is None: nab += 1; ab_dur += d
s = json.load(open(f'{run}/summary.json'))['queues']
qn = next(iter(s)); sq = s[qn]
c = json.load(open(f'{cal}/calibration.json'))
p = c['streams'][0]['patience']
fits = {f['family']: f for f in p['all_fits']}
out = dict(contacts=n, queued=nq, abandons=nab, outcomes=outcomes,
           sim_aband_rate=sq['abandonment_rate']['mean'],
           chosen=p['chosen'], cal_mean=p['mean_s'],
           cal_ci=p['best_fit']['mean']['ci95'] if p.get('best_fit') else None,
           cal_shape=(p['best_fit'] or {}).get('shape', {}) and p['best_fit']['shape']['value'],
           cal_exp=fits.get('exponential', {}).get('mean', {}).get('value'),
           cal_exp_ci=fits.get('exponential', {}).get('mean', {}).get('ci95'),
           n_obs=p['n_observed'], n_cens=p['n_censored'],
           mle_duration=sum_dur / nab, mle_ts=sum_ts / nab, mle_conn=sum_conn / nab,
           mle_se=(sum_dur / nab) / math.sqrt(nab), truth=truth,
           mean_aband_wait=ab_dur / nab)
print(json.dumps(out))
