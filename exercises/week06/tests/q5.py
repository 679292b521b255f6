OK_FORMAT = True

test = {   'name': 'q5',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import pandas as pd\n'
                                               ">>> assert 0 < weight < 1, 'the weight is between 0 and 1'\n"
                                               '>>> assert isinstance(mse, pd.Series) and sorted(mse.index) == [\'complete pooling\', \'no pooling\', \'partial pooling\'], "mse should be a pandas '
                                               'Series with the index \'complete pooling\', \'no pooling\', \'partial pooling\'"\n'
                                               ">>> assert mse['no pooling'] != 60.0 ** 2, 'the variance of a mean of n trials is sigma^2 / n, not sigma^2'\n"
                                               ">>> assert mse['partial pooling'] < min(mse['complete pooling'], mse['no pooling']), 'partial pooling should have the smallest MSE: add its squared "
                                               "bias (1 - w)^2 tau^2 and its variance w^2 sigma^2 / n'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
