"""Reference solutions for the benchmark problems the IVP test set publishes none for.

Run once (recorded in benchmark-references.json with the versions used):
    python3 test/examples/references/compute-references.py > test/examples/references/benchmark-references.json

Each problem is solved by two independent SciPy integrators (Radau IIA order 5, implicit; and
LSODA / DOP853) at rtol 1e-13 / 1e-12, and the script fails unless they agree to within the
mixed error 1e-9 -- far below the 1e-6 tolerance the idt tests use. The equations are written
from shared/conformance/stiff-testset/README.md, independently of the .idt files.
"""
import json
import platform
import sys

import numpy as np
import scipy
from scipy.integrate import solve_ivp


def rober(t, y):
    k1, k2, k3 = 0.04, 3e7, 1e4
    return [-k1 * y[0] + k3 * y[1] * y[2], k1 * y[0] - k3 * y[1] * y[2] - k2 * y[1] ** 2, k2 * y[1] ** 2]


def vdpol(t, y):
    mu = 1000.0
    return [y[1], mu * (1 - y[0] ** 2) * y[1] - y[0]]


def lotka_volterra(t, y):
    a, b, c, d = 1.5, 1.0, 3.0, 1.0
    return [a * y[0] - b * y[0] * y[1], -c * y[1] + d * y[0] * y[1]]


PROBLEMS = {
    # name: (rhs, y0, tEnd, names, [methods])
    "rober": (rober, [1.0, 0.0, 0.0], 1e5, ["y1", "y2", "y3"], ["Radau", "LSODA"]),
    "vdpol": (vdpol, [2.0, 0.0], 3000.0, ["y1", "y2"], ["Radau", "LSODA"]),
    "lotka-volterra": (lotka_volterra, [1.0, 1.0], 100.0, ["x", "y"], ["Radau", "DOP853"]),
}


def solve(rhs, y0, t_end, method):
    sol = solve_ivp(rhs, (0.0, t_end), y0, method=method, rtol=1e-13 if method != "LSODA" else 1e-12,
                    atol=1e-16, dense_output=False)
    if sol.status != 0:
        raise RuntimeError(f"{method}: {sol.message}")
    return sol.y[:, -1]


out = {
    "command": "python3 test/examples/references/compute-references.py",
    "python": platform.python_version(),
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "problems": {},
}
for name, (rhs, y0, t_end, names, methods) in PROBLEMS.items():
    finals = [solve(rhs, y0, t_end, m) for m in methods]
    a, b = finals
    # Agreement between the two solvers in the mixed measure of the README (atol/rtol = 1e-4).
    mixed = float(np.max(np.abs(a - b) / (1e-4 + np.abs(a))))
    if mixed > 1e-9:
        sys.exit(f"{name}: {methods[0]} and {methods[1]} disagree (mixed error {mixed:.2e})")
    # And component by component, relative (significant digits the two solvers share).
    digits = float(np.min(-np.log10(np.abs(a - b) / np.abs(a) + 1e-300)))
    out["problems"][name] = {
        "tEnd": t_end,
        "methods": methods,
        "solverAgreement": mixed,
        "agreeingDigits": digits,
        "values": {n: float(v) for n, v in zip(names, a)},
    }
print(json.dumps(out, indent=2))
