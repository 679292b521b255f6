OK_FORMAT = True

test = {   'name': 'q4',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(X_sleep, np.ndarray) and X_sleep.shape == (180, 2), 'X_sleep should be a NumPy array with 180 rows (observations) and 2 columns "
                                               "(intercept, Days)'\n"
                                               ">>> assert np.all(X_sleep[:, 0] == 1), 'the first column of X_sleep is the intercept: all ones'\n"
                                               ">>> assert isinstance(beta_sleep, np.ndarray) and beta_sleep.shape == (2,), 'beta_sleep should be a NumPy array of 2 numbers: intercept and slope'\n"
                                               '>>> assert beta_sleep[0] > beta_sleep[1], "the intercept (reaction time on day 0, in ms) should be much larger than the slope (ms per day): is '
                                               'X_sleep\'s first column the ones?"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
