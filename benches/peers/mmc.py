"""The M/M/c model of ccsim's `peers` runner, in SimPy and in Ciw.

Usage: python mmc.py simpy|ciw CUSTOMERS SERVERS RHO AHT_SECONDS SEED

Arrivals are Poisson at rate rho * servers / aht, service exponential with
mean aht, first come first served, no abandonment: the same model as the
ccsim scenario `run` writes. The simulated time is CUSTOMERS / rate, so the
expected number of arrivals is CUSTOMERS. Prints the mean wait (seconds) and
the number of customers who arrived, so the work cannot be optimised away
and the three tools can be compared on the same output.
"""

import random
import sys


def run_simpy(customers, servers, rho, aht, seed):
    import simpy

    rate = rho * servers / aht
    horizon = customers / rate
    rng = random.Random(seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=servers)
    waits = []

    def customer(env):
        arrived = env.now
        with agents.request() as req:
            yield req
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(1.0 / aht))

    def source(env):
        while True:
            yield env.timeout(rng.expovariate(rate))
            if env.now >= horizon:
                return
            env.process(customer(env))

    env.process(source(env))
    env.run()
    return len(waits), sum(waits) / max(len(waits), 1)


def run_ciw(customers, servers, rho, aht, seed):
    import ciw

    rate = rho * servers / aht
    horizon = customers / rate
    ciw.seed(seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=rate)],
        service_distributions=[ciw.dists.Exponential(rate=1.0 / aht)],
        number_of_servers=[servers],
    )
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(horizon)
    waits = [r.waiting_time for r in sim.get_all_records()]
    return len(waits), sum(waits) / max(len(waits), 1)


def main():
    tool, customers, servers, rho, aht, seed = sys.argv[1:7]
    run = {"simpy": run_simpy, "ciw": run_ciw}[tool]
    n, mean_wait = run(int(customers), int(servers), float(rho), float(aht), int(seed))
    print(f"{tool} customers={n} mean_wait_s={mean_wait:.3f}")


if __name__ == "__main__":
    main()
