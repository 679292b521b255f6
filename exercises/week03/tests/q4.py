OK_FORMAT = True

test = {   'name': 'q4',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(rate_1995, (float, np.floating)) and rate_1995 > 1, 'rate_1995 is an expected count: exponentiate the intercept (the log of the "
                                               "rate)'\n"
                                               ">>> assert isinstance(rr_10m, (float, np.floating)) and 0 < rr_10m < 1, 'ticks get fewer higher up, so the rate ratio for 10 m is below 1'\n"
                                               ">>> assert not np.isclose(rr_10m, 10 * rr_10m ** 0.1), 'for 10 metres, exponentiate 10 times the coefficient: exp(10 * beta), not 10 * exp(beta)'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
