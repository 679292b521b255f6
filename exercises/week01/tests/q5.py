OK_FORMAT = True

test = {   'name': 'q5',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> assert sigma2_unbiased > sigma2_ml, 'the unbiased estimate divides the residual sum of squares by n - p, the ML estimate by n, so the unbiased one "
                                               "is larger'\n"
                                               ">>> assert abs(sigma2_ml / sigma2_unbiased - 178 / 180) < 1e-09, 'sigma2_ml / sigma2_unbiased should be (n - p) / n = 178 / 180: p counts every column "
                                               "of X_sleep, the intercept too'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
