OK_FORMAT = True

test = {   'name': 'q6',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> assert 20 < loso_rmse < 200, "loso_rmse should be tens of ms: the square root of the mean of the negated scores. Did you pass '
                                               'groups=sleep[\'Subject\']?"\n'
                                               ">>> assert 20 < expected_new_rmse < 200, 'expected_new_rmse should be tens of ms: the square root of a variance in ms^2'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
