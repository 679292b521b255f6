OK_FORMAT = True

test = {   'name': 'q2',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> import mmlib\n'
                                               ">>> assert isinstance(lrt_stat, (float, np.floating)) and lrt_stat > 0, 'the statistic is twice the gain in log-likelihood of the bigger model: a "
                                               "positive number'\n"
                                               ">>> assert isinstance(lrt_df, (int, np.integer)) and lrt_df >= 1, 'lrt_df counts the extra parameters of M1: a whole number'\n"
                                               ">>> assert isinstance(lrt_p, (float, np.floating)) and 0 <= lrt_p <= 1, 'lrt_p is a probability: the upper tail of the chi-square distribution'\n"
                                               ">>> _sleep = mmlib.load_data('sleepstudy')\n"
                                               ">>> _reml = 2 * (mmlib.lmer('Reaction ~ Days + (Days | Subject)', _sleep).loglik - mmlib.lmer('Reaction ~ 1 + (Days | Subject)', _sleep).loglik)\n"
                                               ">>> assert not np.isclose(lrt_stat, _reml, rtol=0.0001), 'that statistic comes from REML fits; the fixed effects differ, so fit both models with "
                                               "REML=False'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
