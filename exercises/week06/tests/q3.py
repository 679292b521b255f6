OK_FORMAT = True

test = {   'name': 'q3',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert best_k in (10, 25, 50, 100, 200), 'best_k is one of the candidate values, from search.best_params_'\n"
                                               ">>> assert cv_rmse_best > 0, 'scikit-learn reports negative RMSEs (it maximises scores): negate best_score_'\n"
                                               ">>> assert 5 < knn_test_rmse < 20, 'knn_test_rmse is an RMSE in years on the test set'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
