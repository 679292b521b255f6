OK_FORMAT = True

test = {   'name': 'q6',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert 0 < lambda_reml < 10, 'lambda is the residual variance divided by the subject variance: a number near 1 here, not its inverse or a ratio of "
                                               "SDs'\n"
                                               ">>> assert isinstance(b_ridge, np.ndarray) and b_ridge.shape == (18,), 'b_ridge should hold the 18 subject effects only, not the two fixed effects'\n"
                                               ">>> assert abs(b_ridge.sum()) < 1e-06 * np.abs(b_ridge).max(), 'the subject effects of this balanced design add up to zero: is the fixed-effects part "
                                               "of the penalty zero?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
