"""Time mmlib.lmer against statsmodels' MixedLM on the same models, in one process.

Each fit is timed from formula and data frame to estimates (model building included on both
sides), alternating the two libraries so that a busy machine slows both alike; the median of
``--repeats`` runs is reported. Writes benchmarks/lmm.json with the times and the ratios
statsmodels / mmlib (above 1: mmlib is faster). For scale: lme4 takes about 11-16 ms per fit.

Goals (issue 4): ratio >= 1 on sleepstudy and radon, >= 5 on the crossed penicillin model.

Run:  .venv/bin/python benchmarks/bench_lmm.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
import warnings
from pathlib import Path

import numpy as np
import scipy
import statsmodels
import statsmodels.formula.api as smf

import mmlib

MODELS = [
    {
        "name": "sleepstudy slopes",
        "data": "sleepstudy",
        "lmer": "Reaction ~ Days + (Days | Subject)",
        "mixedlm": dict(formula="Reaction ~ Days", groups="Subject", re_formula="~Days"),
    },
    {
        "name": "sleepstudy intercepts",
        "data": "sleepstudy",
        "lmer": "Reaction ~ Days + (1 | Subject)",
        "mixedlm": dict(formula="Reaction ~ Days", groups="Subject", re_formula="~1"),
    },
    {
        "name": "radon",
        "data": "radon",
        "lmer": "log_radon ~ floor + (1 | county)",
        "mixedlm": dict(formula="log_radon ~ floor", groups="county", re_formula="~1"),
    },
    {
        "name": "penicillin crossed",
        "data": "penicillin",
        "lmer": "diameter ~ 1 + (1 | plate) + (1 | sample)",
        # statsmodels' workaround for crossed factors: one group, a variance component per factor
        "mixedlm": dict(formula="diameter ~ 1", groups="one", re_formula="~0",
                        vc_formula={"plate": "0 + C(plate)", "sample": "0 + C(sample)"}),
    },
    {
        "name": "pastes nested",
        "data": "pastes",
        "lmer": "strength ~ 1 + (1 | batch/cask)",
        "mixedlm": dict(formula="strength ~ 1", groups="batch", re_formula="~1",
                        vc_formula={"cask": "0 + C(cask)"}),
    },
]


def seconds(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def bench(model: dict, repeats: int) -> dict:
    data = mmlib.load_data(model["data"]).assign(one=1)

    def fit_mmlib():
        return mmlib.lmer(model["lmer"], data)

    def fit_statsmodels():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return smf.mixedlm(data=data, **model["mixedlm"]).fit(reml=True)

    fit_mmlib(), fit_statsmodels()  # warm-up: imports, caches
    ours, theirs = [], []
    for _ in range(repeats):
        ours.append(seconds(fit_mmlib))
        theirs.append(seconds(fit_statsmodels))
    ours_ms, theirs_ms = 1e3 * statistics.median(ours), 1e3 * statistics.median(theirs)
    return {
        "model": model["name"],
        "formula": model["lmer"],
        "mmlib_ms": round(ours_ms, 2),
        "statsmodels_ms": round(theirs_ms, 2),
        "ratio_statsmodels_over_mmlib": round(theirs_ms / ours_ms, 2),
        "mmlib_criterion_evaluations": int(fit_mmlib().optimizer.nfev),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("lmm.json"))
    arguments = parser.parse_args()
    results = [bench(model, arguments.repeats) for model in MODELS]
    for row in results:
        print(f"{row['model']:<22} mmlib {row['mmlib_ms']:8.2f} ms   statsmodels {row['statsmodels_ms']:8.2f} ms"
              f"   ratio {row['ratio_statsmodels_over_mmlib']:6.2f}")
    report = {
        "what": "median wall time per fit, formula + data frame to estimates; ratio > 1 means mmlib is faster",
        "repeats": arguments.repeats,
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                     "statsmodels": statsmodels.__version__, "mmlib": mmlib.__version__},
        "machine": platform.machine(),
        "results": results,
    }
    arguments.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {arguments.output}")


if __name__ == "__main__":
    main()
