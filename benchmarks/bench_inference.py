"""Time mmlib's inference tools on the sleepstudy slopes model.

The headline is a 1000-replicate parametric bootstrap of
``Reaction ~ Days + (Days | Subject)`` (lme4's ``bootMer``), default statistic (SDs,
correlation, sigma and fixed effects), no progress bar. Goal (issue 5): under 60 s on
the course's 2-core machine. Also timed, once each: profile intervals for all six parameters, the
Satterthwaite table, and ``all_fit`` with six optimisers.

Writes benchmarks/inference.json. Run:  .venv/bin/python benchmarks/bench_inference.py [--nsim 1000]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
import scipy

import mmlib

GOAL_SECONDS = 60.0


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nsim", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("inference.json"))
    args = parser.parse_args()

    formula = "Reaction ~ Days + (Days | Subject)"
    fit = mmlib.lmer(formula, mmlib.load_data("sleepstudy"))
    boot, boot_seconds = timed(lambda: mmlib.bootstrap(fit, args.nsim, seed=1, progress=False))
    intervals, profile_seconds = timed(lambda: mmlib.confint(fit, method="profile"))
    _, satterthwaite_seconds = timed(fit.satterthwaite)
    _, all_fit_seconds = timed(lambda: mmlib.all_fit(fit))

    report = {
        "what": "wall time in seconds of mmlib's inference tools on the sleepstudy slopes model",
        "model": formula,
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "pandas": pd.__version__,
            "mmlib": mmlib.__version__,
        },
        "machine": platform.machine(),
        "parametric_bootstrap": {
            "nsim": args.nsim,
            "seconds": round(boot_seconds, 2),
            "ms_per_replicate": round(1000 * boot_seconds / args.nsim, 2),
            "goal_seconds": GOAL_SECONDS,
            "meets_goal": boot_seconds < GOAL_SECONDS,
            "failed": boot.n_failed,
            "singular": boot.n_singular,
            "not_converged": boot.n_not_converged,
            "percentile_95": {name: [round(v, 4) for v in row] for name, row in boot.confint().iterrows()},
        },
        "profile_confint_seconds": round(profile_seconds, 2),
        "profile_confint": {name: [round(v, 4) for v in row] for name, row in intervals.iterrows()},
        "satterthwaite_seconds": round(satterthwaite_seconds, 3),
        "all_fit_seconds": round(all_fit_seconds, 2),
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
