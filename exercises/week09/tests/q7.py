OK_FORMAT = True

test = {   'name': 'q7',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert best_k in (2, 5, 10, 20), 'best_k is one of the candidates, from search.best_params_'\n"
                                               ">>> assert 0.1 < best_accuracy <= 1, 'best_accuracy is the best mean cross-validated accuracy (best_score_), a share between 0 and 1'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
