OK_FORMAT = True

test = {   'name': 'q2',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert n_train == 2100, 'a quarter of the 2800 people go to the test set: n_train should be 2100'\n"
                                               ">>> assert 5 < baseline_rmse < 20 and 5 < linear_rmse < 20, 'RMSEs of age predictions are around ten years: are these root mean squared errors on the "
                                               "test set?'\n"
                                               ">>> assert linear_rmse < baseline_rmse, 'the linear pipeline should beat the mean on the test set: did you score both on X_test, y_test?'\n"
                                               ">>> assert -1 < linear_r2 < 0.5, 'linear_r2 is the test R^2, r2_score(y_test, predictions): small but positive here'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
