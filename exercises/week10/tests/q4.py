OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert n_parameters != 18, 'the K weights add up to one, so only K - 1 of them are free'\n"
                                               ">>> assert n_parameters != 21, 'a symmetric p x p covariance matrix has p(p + 1)/2 free entries, not p^2'\n"
                                               ">>> assert bic_by_hand > 0, 'BIC = -2 log L + d log n, where log L is score() times the number of points'\n"
                                               ">>> assert best_bic_K in (1, 2, 3, 4, 5), 'best_bic_K is one of K = 1, ..., 5'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
