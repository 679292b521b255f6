"""Time mmlib.glmer from formula and data frame to a fitted model (standard errors included).

Models: lme4's cbpp example (Laplace and 25-node quadrature; lme4 takes about 60 ms for the
Laplace fit), a simulated logistic GLMM with 2000 observations in 100 groups, and the crossed
Poisson model of grouseticks (584 random effects). The median of ``--repeats`` runs is reported,
with the number of deviance evaluations (PIRLS solutions) of the fit, and the CPU time, which
a busy shared machine inflates less than the wall time.

Goals (issue 7): cbpp under 0.5 s, the 2000-observation model under 5 s.

Run:  .venv/bin/python benchmarks/bench_glmm.py [--repeats 5]   (writes benchmarks/glmm.json)
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd
import scipy

import mmlib
from mmlib.glmm import glmer


def simulated_logistic(n_groups: int = 100, per_group: int = 20, seed: int = 1) -> pd.DataFrame:
    """Binary responses with a random intercept (SD 0.8), intercept -0.5, slope 1."""
    rng = np.random.default_rng(seed)
    group = np.repeat(np.arange(n_groups), per_group)
    x = rng.standard_normal(group.size)
    eta = -0.5 + x + rng.normal(0.0, 0.8, n_groups)[group]
    y = rng.binomial(1, 1.0 / (1.0 + np.exp(-eta))).astype(float)
    return pd.DataFrame({"y": y, "x": x, "g": [f"g{k:03d}" for k in group]})


MODELS = [
    ("cbpp Laplace", "cbpp", "cbind(incidence, size - incidence) ~ period + (1 | herd)", "binomial", 1, 0.5),
    ("cbpp nAGQ=25", "cbpp", "cbind(incidence, size - incidence) ~ period + (1 | herd)", "binomial", 25, None),
    ("simulated logistic 2000 obs, 100 groups", None, "y ~ x + (1 | g)", "binomial", 1, 5.0),
    ("grouseticks crossed Poisson", "grouseticks", "TICKS ~ YEAR + HEIGHT + (1|BROOD) + (1|INDEX) + (1|LOCATION)",
     "poisson", 1, None),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    results = []
    for name, dataset, formula, family, nAGQ, goal in MODELS:
        data = simulated_logistic() if dataset is None else mmlib.load_data(dataset)
        repeats = 1 if dataset == "grouseticks" else arguments.repeats
        seconds, cpu_seconds = [], []
        for _ in range(repeats):
            start, cpu_start = time.perf_counter(), time.process_time()
            fit = glmer(formula, data, family=family, nAGQ=nAGQ)
            seconds.append(time.perf_counter() - start)
            cpu_seconds.append(time.process_time() - cpu_start)
        median = statistics.median(seconds)
        results.append({
            "model": name,
            "formula": formula,
            "nAGQ": nAGQ,
            "seconds": round(median, 3),
            "cpu_seconds": round(statistics.median(cpu_seconds), 3),
            "repeats": repeats,
            "optimiser_evaluations": int(fit.optimizer.nfev),
            "goal_seconds": goal,
            "meets_goal": None if goal is None else bool(median < goal),
        })
        print(f"{name}: {median:.3f} s wall, {statistics.median(cpu_seconds):.3f} s CPU")
    output = {
        "what": "median wall time per glmer fit, formula + data frame to estimates and standard errors",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "mmlib": mmlib.__version__,
        },
        "machine": platform.machine(),
        "results": results,
    }
    path = Path(__file__).with_name("glmm.json")
    path.write_text(json.dumps(output, indent=2) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
