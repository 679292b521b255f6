OK_FORMAT = True

test = {   'name': 'q5',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import pandas as pd\n'
                                               ">>> assert isinstance(day9_rmse, pd.Series), 'day9_rmse should be a pandas Series'\n"
                                               '>>> assert sorted(day9_rmse.index) == [\'complete pooling\', \'no pooling\', \'partial pooling\'], "the index should be \'complete pooling\', \'no '
                                               'pooling\', \'partial pooling\'"\n'
                                               ">>> assert (day9_rmse > 10).all() and (day9_rmse < 200).all(), 'each RMSE should be tens of ms: the square root of the mean squared error of 18 "
                                               "predictions'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
