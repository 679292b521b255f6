OK_FORMAT = True

test = {   'name': 'q5',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> import mmlib\n'
                                               '>>> import statsmodels.api as _sm\n'
                                               '>>> import statsmodels.formula.api as _smf\n'
                                               ">>> assert isinstance(phi_hat, (float, np.floating)), 'phi_hat should be a single number'\n"
                                               ">>> assert phi_hat > 1, 'these counts are overdispersed: the ratio should be well above 1'\n"
                                               ">>> _fit = _smf.glm('TICKS ~ YEAR + cHEIGHT', mmlib.load_data('grouseticks'), family=_sm.families.Poisson()).fit()\n"
                                               ">>> assert not np.isclose(phi_hat, _fit.deviance / _fit.df_resid), 'that is the deviance divided by its df; the Pearson ratio sums squared Pearson "
                                               "residuals (y - mu)^2 / mu'\n"
                                               ">>> assert isinstance(se_quasi, (float, np.floating)) and se_quasi > _fit.bse['cHEIGHT'], 'the quasi-Poisson standard error is the Poisson one times "
                                               "sqrt(phi_hat): larger'\n"
                                               ">>> assert not np.isclose(se_quasi, _fit.bse['cHEIGHT'] * phi_hat), 'multiply by the square root of phi_hat, not by phi_hat: phi scales the "
                                               "variance'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
