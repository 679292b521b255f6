"""mmlib.lmer and mmlib.glmer against lme4, model by model.

Source of every reference value: lme4 1.1-31, R 4.2.2 (Debian bookworm), by
tests/reference/lme4_reference.R, which fits each model to the course's CSV files with lme4's
default settings and stores what lme4 reports in tests/reference/lme4_reference.json. Each test
below is parametrised over the models of that file; a model's ``derive`` steps (a subset, a
centred or squared column, a factor made from a number) are applied here exactly as in R.

Names need no mapping: mmlib's fixed-effect names, theta names (``Subject.Days.(Intercept)``,
``cask:batch.(Intercept)``), variance-component table (``grp``, ``var1``, ``var2``, with
``Subject.1`` for the second term of ``(Days || Subject)``) and grouping-factor names are lme4's,
and ``test_names`` holds them to that.

Tolerances (LMMs):
- fixed effects and theta: relative 1e-4. Absolute floors for values near 0: a fixed effect
  1e-4 of its standard error; an off-diagonal theta 1e-4 of the largest diagonal theta of its
  term (theta holds the entries of the relative covariance factor, so an off-diagonal entry is
  on the scale of its diagonal; diagonal entries are compared relatively, with no floor);
- standard errors 1e-3 relative; sigma and the standard deviations of the variance components
  1e-4 relative; correlations 1e-4 absolute (a correlation lives on [-1, 1]);
- log-likelihood, -2 log-likelihood, REML criterion, AIC and BIC: 1e-3 absolute;
- conditional modes: 1e-3 relative, with an absolute floor of 1e-4 of the effect's SD;
- nobs and the number of levels of each grouping factor: exact.
Where the two differ at all, lme4's optimiser (BOBYQA) has stopped short of the optimum, not the
other way round: ``test_lmm_criterion_at_lme4_theta`` evaluates mmlib's profiled criterion at
lme4's theta, finds lme4's reported value there to 1e-6, and finds mmlib's optimum no higher. The
largest such gap is on ``sleep_nights_reml``: the correlation 0.177654 (lme4 0.177626) and the
off-diagonal theta 0.047088 (lme4 0.047081) differ by 1.6e-4 and 1.4e-4 relative, and mmlib's
REML criterion is 1.2e-8 lower than lme4's; the absolute floors above cover that.

GLMMs: lme4 1.1-31's Laplace deviance uses log|L|^2 (``ldL2``) factored with the GLM weights of
the PIRLS iteration before the last, not those at the final conditional modes. The reference
script records both lme4's stored ``ldL2`` and the value recomputed from lme4's own final
fitted values (``ldL2_recomputed``); ``test_glmm_laplace_gap_is_the_stale_ldL2`` shows that
with that one term replaced, lme4's deviance at its own estimates is mmlib's deviance there, and
that mmlib's optimum is lower still. The stale term moves lme4's optimum slightly, so Laplace
fits are compared with tolerances that reflect it: fixed effects 1e-3 absolute, theta and SDs
1e-3 relative, conditional modes 1e-3 absolute, -2 log-likelihood 1e-3 absolute. Their standard
errors differ by up to 1.3% (cbpp), for the reason given in tests/test_glmer.py
(``test_cbpp_standard_errors``): lme4's finite-difference Hessian is taken of the deviance with
the same stale term (with it recomputed, lme4's Hessian gives mmlib's SEs to 1e-5, see
tests/reference/cbpp_laplace.R); they are compared at 1.5e-2 relative. The adaptive
Gauss-Hermite fit (nAGQ = 25) is not affected and meets the LMM tolerances; there lme4's logLik
leaves out the saturated model's log-likelihood, which mmlib keeps (``loglik`` is comparable
across nAGQ), and the test subtracts it.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import threadpoolctl

import mmlib
import mmlib.lmm
from mmlib import ConvergenceWarning, SingularFitWarning
from mmlib.glmm import glmm_deviance, pirls

REFERENCE_FILE = Path(__file__).parent / "reference" / "lme4_reference.json"
REFERENCE = json.loads(REFERENCE_FILE.read_text())
MODELS = {model["name"]: model for model in REFERENCE["models"]}
LMMS = [name for name, model in MODELS.items() if model["family"] == "gaussian"]
GLMMS = [name for name, model in MODELS.items() if model["family"] != "gaussian"]
LAPLACE = [name for name in GLMMS if MODELS[name]["nAGQ"] == 1]


def derive(data: pd.DataFrame, steps: list[dict]) -> pd.DataFrame:
    """Apply the reference script's ``derive`` steps (see lme4_reference.R) to a course data set."""
    for step in steps:
        column = data[step["column"]]
        if step["op"] == "subset_at_least":
            data = data[column >= step["value"]].reset_index(drop=True)
        elif step["op"] == "shift":
            data = data.assign(**{step["new"]: column + step["by"]})
        elif step["op"] == "square":
            data = data.assign(**{step["new"]: column**2})
        elif step["op"] == "centre":
            data = data.assign(**{step["new"]: column - column.mean()})
        elif step["op"] == "factor":
            # R labels the levels as it prints the numbers: 0, 0.2, 1, ...
            labels = [f"{value:g}" for value in sorted(column.unique())]
            data = data.assign(**{step["new"]: pd.Categorical(column.map("{:g}".format), categories=labels)})
        else:
            raise ValueError(f"unknown derive step {step['op']!r} in {REFERENCE_FILE.name}")
    return data


def model_data(name: str) -> pd.DataFrame:
    model = MODELS[name]
    return derive(mmlib.load_data(model["data"]), model["derive"])


@pytest.fixture(scope="module")
def fitted():
    """Fit each model once for this module, on first use; ``fitted.warned[name]`` holds the
    categories of the warnings that fit raised."""
    cache, warned = {}, {}

    def fit(name: str):
        if name not in cache:
            model = MODELS[name]
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                if model["family"] == "gaussian":
                    cache[name] = mmlib.lmer(model["formula"], model_data(name), REML=model["REML"])
                else:
                    cache[name] = mmlib.glmer(model["formula"], model_data(name), family=model["family"],
                                              nAGQ=model["nAGQ"])
            warned[name] = {warning.category for warning in caught}
        return cache[name]

    fit.warned = warned
    return fit


def series(mapping: dict) -> pd.Series:
    return pd.Series(mapping, dtype=float)


def varcorr(name: str) -> pd.DataFrame:
    table = pd.DataFrame(MODELS[name]["varcorr"])
    return table.astype({"vcov": float, "sdcor": float})


def assert_close(actual, desired, rtol: float, atol) -> None:
    """|actual - desired| <= atol + rtol * |desired| elementwise; ``atol`` may be an array."""
    actual, desired = np.asarray(actual, dtype=float), np.asarray(desired, dtype=float)
    allowed = np.asarray(atol) + rtol * np.abs(desired)
    bad = ~(np.abs(actual - desired) <= allowed)
    allowed = np.broadcast_to(allowed, bad.shape)
    assert not bad.any(), f"mmlib {actual[bad]} vs lme4 {desired[bad]} (allowed difference {allowed[bad]})"


def labels(table: pd.DataFrame) -> list[list]:
    """The grp, var1, var2 columns of a variance-component table, with None for R's NA."""
    columns = table[["grp", "var1", "var2"]].astype(object)
    return columns.where(columns.notna(), None).to_numpy().tolist()


def theta_floor(design, theta: pd.Series, relative: float) -> np.ndarray:
    """Absolute floors for theta: ``relative`` times the largest diagonal entry of its term for an
    off-diagonal entry, 0 for a diagonal one (compared relatively, exactly when it is 0)."""
    values, floor = np.abs(theta.to_numpy()), np.zeros(len(theta))
    for term in design.reterms:
        # theta fills each term's lower-triangular factor column by column; each column starts
        # with its diagonal entry
        k = term.n_columns
        starts = term.theta_offset + np.concatenate([[0], np.cumsum(np.arange(k, 1, -1))]).astype(int)
        block = np.arange(term.theta_offset, term.theta_offset + term.n_theta)
        off_diagonal = np.setdiff1d(block, starts)
        floor[off_diagonal] = relative * values[starts].max()
    return floor


def is_laplace_glmm(name: str) -> bool:
    return name in LAPLACE


def test_reference_file_records_its_source():
    assert REFERENCE["source"] == "tests/reference/lme4_reference.R"
    assert REFERENCE["R"].startswith("R version 4.2.2")
    assert REFERENCE["lme4"] == "1.1.31"
    # the models the brief and the lessons need are all there
    for required in ["sleep_slopes_reml", "sleep_uncorrelated_reml", "sleep_slope_only_reml", "incomplete_slopes_reml",
                     "incomplete_split_terms_reml", "incomplete_uncorrelated_reml", "penicillin_crossed_reml",
                     "pastes_nested_reml", "pastes_explicit_reml", "radon_slopes_reml", "school_nested_reml",
                     "oats_split_plot_reml", "cbpp_laplace", "cbpp_agq25", "grouseticks_crossed",
                     "grouseticks_observation_level", "verbagg_crossed"]:
        assert required in MODELS
    for model in MODELS.values():
        assert {"fixef", "se", "theta", "sigma", "varcorr", "logLik", "AIC", "BIC", "ngrps", "nobs",
                "conditional_modes"} <= model.keys()


@pytest.mark.parametrize("name", list(MODELS))
def test_names(fitted, name):
    fit, model = fitted(name), MODELS[name]
    assert list(fit.fixef.index) == list(model["fixef"])
    assert list(fit.theta.index) == list(model["theta"])
    assert labels(fit.varcorr) == labels(varcorr(name))
    assert list(fit.ranef) == list(model["conditional_modes"])


@pytest.mark.parametrize("name", list(MODELS))
def test_counts(fitted, name):
    fit, model = fitted(name), MODELS[name]
    assert fit.nobs == model["nobs"]
    assert fit.ngrps == model["ngrps"]


@pytest.mark.parametrize("name", list(MODELS))
def test_singularity_and_convergence(fitted, name):
    # singular exactly where lme4's isSingular() says so (school_slopes_reml: the open_c slope SD
    # is 0), and mmlib's optimiser converges on every model, including grouseticks_crossed with
    # its uncentred HEIGHT, where lme4 warns "failed to converge" (see its optimizer_messages)
    fit, model = fitted(name), MODELS[name]
    assert fit.is_singular() == model["singular"]
    assert (SingularFitWarning in fitted.warned[name]) == model["singular"]
    assert ConvergenceWarning not in fitted.warned[name]


@pytest.mark.parametrize("name", list(MODELS))
def test_fixed_effects(fitted, name):
    fit = fitted(name)
    lme4 = series(MODELS[name]["fixef"])
    if is_laplace_glmm(name):
        np.testing.assert_allclose(fit.fixef.to_numpy(), lme4.to_numpy(), rtol=0, atol=1e-3)
    else:
        floor = 1e-4 * series(MODELS[name]["se"]).to_numpy()
        assert_close(fit.fixef, lme4, rtol=1e-4, atol=floor)


@pytest.mark.parametrize("name", list(MODELS))
def test_theta(fitted, name):
    fit = fitted(name)
    lme4 = series(MODELS[name]["theta"])
    relative = 1e-3 if is_laplace_glmm(name) else 1e-4
    assert_close(fit.theta, lme4, rtol=relative, atol=theta_floor(fit.design, lme4, relative))


@pytest.mark.parametrize("name", list(MODELS))
def test_standard_errors(fitted, name):
    fit = fitted(name)
    lme4 = series(MODELS[name]["se"])
    np.testing.assert_allclose(fit.se.to_numpy(), lme4.to_numpy(), rtol=1.5e-2 if is_laplace_glmm(name) else 1e-3)


@pytest.mark.parametrize("name", list(MODELS))
def test_variance_components(fitted, name):
    fit, model = fitted(name), MODELS[name]
    lme4 = varcorr(name)
    ours = fit.varcorr["sdcor"].to_numpy()
    tolerance = 1e-3 if is_laplace_glmm(name) else 1e-4
    is_correlation = lme4["var2"].notna().to_numpy()
    np.testing.assert_allclose(ours[~is_correlation], lme4["sdcor"][~is_correlation], rtol=tolerance)
    np.testing.assert_allclose(ours[is_correlation], lme4["sdcor"][is_correlation], rtol=0, atol=tolerance)
    assert fit.sigma == pytest.approx(model["sigma"], rel=1e-4)


@pytest.mark.parametrize("name", list(MODELS))
def test_likelihood_and_information_criteria(fitted, name):
    fit, model = fitted(name), MODELS[name]
    # lme4 drops the saturated model's log-likelihood for nAGQ > 1; mmlib keeps it
    dropped = fit.problem.saturated if model["nAGQ"] > 1 else 0.0
    assert fit.deviance - dropped == pytest.approx(-2 * model["logLik"], abs=1e-3)
    assert fit.loglik + dropped / 2 == pytest.approx(model["logLik"], abs=1e-3)
    assert fit.aic - dropped == pytest.approx(model["AIC"], abs=1e-3)
    assert fit.bic - dropped == pytest.approx(model["BIC"], abs=1e-3)
    if model["REML"]:
        assert fit.reml_criterion == pytest.approx(model["REMLcrit"], abs=1e-3)
    else:
        assert fit.reml_criterion is None
    if model["family"] == "gaussian" and not model["REML"]:
        assert fit.deviance == pytest.approx(model["deviance"], abs=1e-3)


@pytest.mark.parametrize("name", list(MODELS))
def test_conditional_modes(fitted, name):
    fit, lme4_varcorr = fitted(name), varcorr(name)
    for group, rows in MODELS[name]["conditional_modes"].items():
        lme4 = pd.DataFrame(rows).set_index("level")
        ours = fit.ranef[group].loc[lme4.index, lme4.columns]
        for column in lme4.columns:
            if is_laplace_glmm(name):
                np.testing.assert_allclose(ours[column], lme4[column], rtol=0, atol=1e-3)
            else:
                sd = lme4_varcorr.loc[lme4_varcorr["grp"].str.split(".").str[0].eq(group)
                                      & lme4_varcorr["var1"].eq(column) & lme4_varcorr["var2"].isna(), "sdcor"].max()
                np.testing.assert_allclose(ours[column], lme4[column], rtol=1e-3, atol=1e-4 * sd)


@pytest.mark.parametrize("name", LMMS)
def test_lmm_criterion_at_lme4_theta(fitted, name):
    # mmlib's profiled criterion, evaluated at lme4's theta, gives lme4's reported value: the two
    # compute the same function, and any difference in the estimates is where the optimisers stop
    fit, model = fitted(name), MODELS[name]
    lme4_theta = series(model["theta"]).to_numpy()
    with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
        at_lme4 = mmlib.lmm.profiled_deviance(fit.design, lme4_theta, REML=model["REML"])
    lme4_criterion = model["REMLcrit"] if model["REML"] else model["deviance"]
    assert at_lme4 == pytest.approx(lme4_criterion, abs=1e-6)
    ours = fit.reml_criterion if model["REML"] else fit.deviance
    assert ours <= at_lme4 + 1e-7


@pytest.mark.parametrize("name", GLMMS)
def test_glmm_pirls_at_lme4_estimates(fitted, name):
    # at lme4's own (theta, beta), mmlib's PIRLS finds lme4's conditional modes, and its log|L|^2
    # is the one recomputed from lme4's final fitted values, not lme4's stored (stale) ldL2
    fit, model = fitted(name), MODELS[name]
    problem = fit.problem
    with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
        solution = pirls(problem, series(model["theta"]).to_numpy(), series(model["fixef"]).to_numpy())
    assert solution.logdet_L == pytest.approx(model["ldL2_recomputed"], abs=1e-6)
    b = problem.design.lambdat(solution.theta).T @ solution.u
    for term in problem.design.reterms:
        modes = pd.DataFrame(b[term.offset: term.offset + term.size].reshape(-1, term.n_columns),
                             index=[str(level) for level in term.levels], columns=list(term.columns))
        lme4 = pd.DataFrame(model["conditional_modes"][term.group]).set_index("level")
        np.testing.assert_allclose(modes.loc[lme4.index, lme4.columns], lme4, rtol=0, atol=1e-5)


@pytest.mark.parametrize("name", LAPLACE)
def test_glmm_laplace_gap_is_the_stale_ldL2(fitted, name):
    fit, model = fitted(name), MODELS[name]
    problem = fit.problem
    with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
        at_lme4 = glmm_deviance(problem, pirls(problem, series(model["theta"]).to_numpy(),
                                               series(model["fixef"]).to_numpy()))
    stale = model["ldL2"] - model["ldL2_recomputed"]
    assert stale > 0
    # lme4's -2 log-likelihood with its one stale term replaced is mmlib's deviance at lme4's estimates
    assert -2 * model["logLik"] - stale == pytest.approx(at_lme4, abs=1e-6)
    # so the gap between the reported -2 log-likelihoods is the stale term plus the descent from
    # lme4's estimates to mmlib's optimum along the same function; that descent is >= 0 and
    # small: lme4's last stage (Nelder-Mead) stops once the deviance changes by < 1e-5 (FtolAbs)
    descent = at_lme4 - fit.deviance
    assert -1e-7 <= descent < 1e-4


def test_glmm_quadrature_constant_is_the_saturated_deviance(fitted):
    # lme4's nAGQ = 25 logLik is mmlib's quadrature deviance at lme4's estimates less the saturated
    # model's -2 log-likelihood, to rounding: the two sum the same quadrature
    fit, model = fitted("cbpp_agq25"), MODELS["cbpp_agq25"]
    problem = fit.problem
    solution = pirls(problem, series(model["theta"]).to_numpy(), series(model["fixef"]).to_numpy())
    at_lme4 = glmm_deviance(problem, solution, nAGQ=25)
    assert at_lme4 - problem.saturated == pytest.approx(-2 * model["logLik"], abs=1e-6)
