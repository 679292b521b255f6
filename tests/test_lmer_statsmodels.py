"""mmlib.lmer and statsmodels' MixedLM agree where both apply (REML fits).

statsmodels takes one grouping variable. Nested factors map to ``groups=outer`` plus a variance
component for the inner factor; crossed factors to a single all-ones group with one variance
component per factor (the slow workaround lme4's sparse formulation avoids).

Tolerances, and why:
* fixed effects: relative 1e-5 (both are GLS estimates given nearly equal variances);
* variance components: relative 2e-3. statsmodels' optimiser stops at a looser gradient
  tolerance on a flat likelihood (largest difference seen: 4.5e-4, school crossed);
* REML log-likelihood: relative 1e-8, and mmlib's is never lower: both evaluate the same
  criterion, and because the optimum is flat the values agree far more closely than the
  parameters. statsmodels' ``bse_fe`` is not compared: for unbalanced data it is not lme4's
  sigma^2 (X'V^-1 X)^-1 (6e-3 apart on radon), see test_lmer_lme4 for that convention.
"""

import warnings

import numpy as np
import pytest
import statsmodels.formula.api as smf

import mmlib


def components_from_cov_re(group, names):
    """Variances and covariances of the correlated random effects of ``groups``."""

    def extract(result):
        cov = np.asarray(result.cov_re)
        out = {(group, name, ""): cov[i, i] for i, name in enumerate(names)}
        for j in range(len(names)):
            for i in range(j + 1, len(names)):
                out[(group, names[j], names[i])] = cov[i, j]
        return out

    return extract


def components(mapping):
    """Map (lme4 group, effect) to a statsmodels part: 'cov_re' or a variance-component name."""

    def extract(result):
        vc = dict(zip(result.model.exog_vc.names, result.vcomp))
        out = {}
        for (group, var1), source in mapping.items():
            out[(group, var1, "")] = np.asarray(result.cov_re)[0, 0] if source == "cov_re" else vc[source]
        return out

    return extract


CASES = [
    (
        "Reaction ~ Days + (Days | Subject)", "sleepstudy",
        dict(formula="Reaction ~ Days", groups="Subject", re_formula="~Days"),
        components_from_cov_re("Subject", ["(Intercept)", "Days"]),
    ),
    (
        "Reaction ~ Days + (1 | Subject)", "sleepstudy",
        dict(formula="Reaction ~ Days", groups="Subject", re_formula="~1"),
        components_from_cov_re("Subject", ["(Intercept)"]),
    ),
    (
        "Reaction ~ 1 + Days + (1 + Days | Subject)", "sleepstudy_incomplete",
        dict(formula="Reaction ~ Days", groups="Subject", re_formula="~Days"),
        components_from_cov_re("Subject", ["(Intercept)", "Days"]),
    ),
    (
        "Reaction ~ 1 + Days + (0 + Days | Subject) + (1 | Subject)", "sleepstudy_incomplete",
        dict(formula="Reaction ~ Days", groups="Subject", re_formula="~1", vc_formula={"Days": "0 + Days"}),
        components({("Subject", "Days"): "Days", ("Subject.1", "(Intercept)"): "cov_re"}),
    ),
    (
        "Reaction ~ 1 + Days + (1 + Days || Subject)", "sleepstudy_incomplete",
        dict(formula="Reaction ~ Days", groups="Subject", re_formula="~1", vc_formula={"Days": "0 + Days"}),
        components({("Subject", "(Intercept)"): "cov_re", ("Subject.1", "Days"): "Days"}),
    ),
    (
        "strength ~ 1 + (1 | batch/cask)", "pastes",
        dict(formula="strength ~ 1", groups="batch", re_formula="~1", vc_formula={"cask": "0 + C(cask)"}),
        components({("batch", "(Intercept)"): "cov_re", ("cask:batch", "(Intercept)"): "cask"}),
    ),
    (
        "diameter ~ 1 + (1 | plate) + (1 | sample)", "penicillin",
        dict(formula="diameter ~ 1", groups="one", re_formula="~0",
             vc_formula={"plate": "0 + C(plate)", "sample": "0 + C(sample)"}),
        components({("plate", "(Intercept)"): "plate", ("sample", "(Intercept)"): "sample"}),
    ),
    (
        "extro ~ open + agree + social + (1 | school/class)", "school",
        dict(formula="extro ~ open + agree + social", groups="school", re_formula="~1",
             vc_formula={"class": '0 + C(Q("class"))'}),
        components({("school", "(Intercept)"): "cov_re", ("class:school", "(Intercept)"): "class"}),
    ),
    (
        "extro ~ open + agree + social + (1 | school) + (1 | class)", "school",
        dict(formula="extro ~ open + agree + social", groups="one", re_formula="~0",
             vc_formula={"school": "0 + C(school)", "class": '0 + C(Q("class"))'}),
        components({("school", "(Intercept)"): "school", ("class", "(Intercept)"): "class"}),
    ),
    (
        "log_radon ~ floor + (1 | county)", "radon",
        dict(formula="log_radon ~ floor", groups="county", re_formula="~1"),
        components_from_cov_re("county", ["(Intercept)"]),
    ),
]


@pytest.fixture(scope="module", params=CASES, ids=[case[0] for case in CASES])
def pair(request):
    formula, name, sm_arguments, extract = request.param
    data = mmlib.load_data(name).assign(one=1)
    fit = mmlib.lmer(formula, data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' own convergence chatter
        result = smf.mixedlm(data=data, **sm_arguments).fit(reml=True)
    return fit, result, extract(result)


def test_fixed_effects_agree(pair):
    fit, result, _ = pair
    np.testing.assert_allclose(result.fe_params.to_numpy(), fit.fixef.to_numpy(), rtol=1e-5)


def test_variance_components_agree(pair):
    fit, result, sm_parts = pair
    varcorr = fit.varcorr.fillna({"var2": ""})
    ours = {(row.grp, row.var1, row.var2): row.vcov for row in varcorr.itertuples() if row.grp != "Residual"}
    assert set(sm_parts) == set(ours)
    for key, value in sm_parts.items():
        assert ours[key] == pytest.approx(value, rel=2e-3), key
    assert fit.sigma**2 == pytest.approx(result.scale, rel=2e-3)


def test_reml_loglik_agrees_and_is_not_worse(pair):
    fit, result, _ = pair
    assert fit.loglik == pytest.approx(result.llf, rel=1e-8)
    assert fit.loglik >= result.llf - 1e-9
