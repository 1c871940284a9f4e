"""SciPy peer of the idt bench: solve_ivp with LSODA, BDF and Radau and an analytic Jacobian.

Usage: python3 scipy_driver.py PROBLEM.json
The problem file (written by bench/run.mjs) names a model module generated from the idt IR
(bench/lib/peer-code.mjs: rhs, jac_values, ROWS, COLS, EVENTS) or a mass-action network module
(rhs, jac_sparse), the parameter vector, the initial state, output times, tolerances, timed
events and the methods to run. Each method is solved warmup + repeats times; each solve is timed
from the solve_ivp call(s) to the last output. Prints one JSON object.
"""
import importlib.util
import json
import sys
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp
from scipy.sparse import csc_matrix


def load_module(path):
    spec = importlib.util.spec_from_file_location("peer_model", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    prob = json.load(open(sys.argv[1]))
    mod = load_module(prob["module"])
    n = prob["n"]
    times = np.array(prob["times"], dtype=float)
    events = prob.get("events", [])
    rtol, atol = prob["rtol"], prob["atol"]
    sparse = prob.get("sparse", False)
    out = {"scipy": scipy.__version__, "numpy": np.__version__, "methods": {}}

    def jac_for(method):
        if hasattr(mod, "jac_sparse"):
            if method == "LSODA":
                return lambda t, y: mod.jac_sparse(t, y).toarray()
            return mod.jac_sparse
        rows, cols = mod.ROWS, mod.COLS
        if sparse and method != "LSODA":
            def jac(t, y):
                return csc_matrix((mod.jac_values(t, y), (rows, cols)), shape=(n, n))
            return jac

        def jac_dense(t, y):
            J = np.zeros((n, n))
            J[rows, cols] = mod.jac_values(t, y)
            return J
        return jac_dense

    def solve(method, jac):
        """One run over every output time, restarting at timed events."""
        mod.P[:] = prob["p"]
        y = np.array(prob["y0"], dtype=float)
        t = times[0]
        e = 0
        while e < len(events) and events[e][0] <= t:
            mod.EVENTS[events[e][1]](t, y)
            e += 1
        stats = {"nfev": 0, "njev": 0, "nlu": 0}
        k = 1
        while k < len(times):
            t_next = times[-1]
            if e < len(events) and events[e][0] < t_next:
                t_next = events[e][0]
            outs = [tq for tq in times[k:] if tq <= t_next]
            if t_next > t:
                sol = solve_ivp(mod.rhs, (t, t_next), y, method=method, t_eval=outs or None, rtol=rtol, atol=atol, jac=jac)
                if sol.status != 0:
                    return None, stats, sol.message
                stats["nfev"] += int(sol.nfev)
                stats["njev"] += int(sol.njev)
                stats["nlu"] += int(sol.nlu)
                y = sol.y[:, -1].copy()
            k += len(outs)
            t = t_next
            while e < len(events) and events[e][0] <= t:
                mod.EVENTS[events[e][1]](t, y)
                e += 1
            if t >= times[-1]:
                break
        return y, stats, "success"

    for method in prob["methods"]:
        jac = jac_for(method)
        ms, cpu_ms = [], []
        final, stats, message = None, None, ""
        budget = prob.get("budgetSeconds", 120)
        started = time.perf_counter()
        for r in range(prob["warmup"] + prob["repeats"]):
            t0, c0 = time.perf_counter(), time.process_time()
            final, stats, message = solve(method, jac)
            t1, c1 = time.perf_counter(), time.process_time()
            if r >= prob["warmup"]:
                ms.append(1e3 * (t1 - t0))
                cpu_ms.append(1e3 * (c1 - c0))
            if final is None or (r >= prob["warmup"] and time.perf_counter() - started > budget):
                break
        entry = {"wallMs": ms, "cpuMs": cpu_ms, "status": "success" if final is not None else "failed", "message": message, "stats": stats}
        if final is not None:
            entry["final_y"] = [float(v) for v in final]
        out["methods"][method] = entry
    print(json.dumps(out))


if __name__ == "__main__":
    main()
