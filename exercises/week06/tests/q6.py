OK_FORMAT = True

test = {   'name': 'q6',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> import pandas as pd\n'
                                               ">>> assert isinstance(bias, pd.Series) and isinstance(variance, pd.Series), 'bias and variance should be pandas Series'\n"
                                               ">>> assert list(bias.index) == [1, 3, 9] and list(variance.index) == [1, 3, 9], 'index both Series by the degree: 1, 3, 9'\n"
                                               ">>> assert (variance > 0).all(), 'variances are positive'\n"
                                               ">>> assert bias[1] < -0.3, 'the straight line misses the peak of the sine at x0 = 0.25 from below: bias is the mean prediction minus f(x0), not its "
                                               "absolute value or square'\n"
                                               ">>> assert variance[9] > variance[1], 'the degree-9 curve should vary more from one training set to the next than the straight line'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
