#!/usr/bin/env bash
# gen.sh SERVERS N [INTERVAL] -> M/M/c toml on stdout, rho 0.9, AHT 180s
servers=$1; n=$2; interval=${3:-24h}
python3 - "$servers" "$n" "$interval" <<'PY'
import sys
servers, n, interval = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rho, aht = 0.9, 180.0
rate_h = rho * servers / aht * 3600
hours = n / rate_h
print(f'''name = "mmc"
[simulation]
seed = 1
replications = 1
horizon = "{hours * 3600:.0f}s"
interval = "{interval}"
drain = "2h"
[[queues]]
name = "q"
[[routing_profiles]]
name = "all"
queues = [{{ queue = "q" }}]
[[agent_groups]]
name = "agents"
routing_profile = "all"
headcount = {servers}
auto_accept = true
auto_accept_delay = "0s"
after_contact_work = "0s"
[[flows]]
name = "Default agent whisper"
type = "agent_whisper"
duration = "0s"
[[flows]]
name = "Default customer whisper"
type = "customer_whisper"
duration = "0s"
[[sources]]
name = "calls"
rate_per_hour = {rate_h:.6f}
queue = "q"
[sources.customer]
talk = {{ dist = "exponential", mean = "{aht:g}s" }}''')
PY
