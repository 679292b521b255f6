OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(score_variances, np.ndarray) and score_variances.shape == (5,), 'score_variances should hold the variances of the first five "
                                               "score columns: 5 numbers'\n"
                                               ">>> assert np.all(np.diff(score_variances) <= 1e-09), 'the score variances decrease from the first component on: are the scores X_s V, with V = "
                                               "Vt.T?'\n"
                                               ">>> assert abs(score_correlation) < 1e-06, 'scores on different components are uncorrelated: score_correlation should be zero up to rounding error'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
