OK_FORMAT = True

test = {   'name': 'q2',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> assert -1 <= r2_ols_train <= 1 and r2_ols_test <= 1, 'R^2 values are at most 1: use r2_score(true, predicted)'\n"
                                               ">>> assert r2_ols_train > r2_ols_test, 'the in-sample R^2 should be larger than the R^2 on new people: did you swap them, or fit on the new people?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
