OK_FORMAT = True

test = {   'name': 'q6',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert 0.4 <= best_threshold <= 0.8, 'best_threshold is one of the candidate thresholds, between 0.40 and 0.80'\n"
                                               ">>> assert 0.5 < test_balanced_accuracy < 1, 'test_balanced_accuracy is a balanced accuracy on the test set, above 0.5 here'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
