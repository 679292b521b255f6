OK_FORMAT = True

test = {   'name': 'q1',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert isinstance(metrics, dict), 'metrics should be a dictionary'\n"
                                               ">>> assert set(metrics) == {'accuracy', 'sensitivity', 'specificity', 'precision', 'f1', 'balanced_accuracy'}, 'metrics needs the keys accuracy, "
                                               "sensitivity, specificity, precision, f1, balanced_accuracy'\n"
                                               ">>> assert all((0 <= value <= 1 for value in metrics.values())), 'every measure is a share, between 0 and 1'\n"
                                               ">>> assert abs(metrics['sensitivity'] - 45 / 85) > 1e-09, '45 / 85 is the precision (of those flagged, how many have it); sensitivity is TP / (TP + "
                                               "FN), of those who have it, how many are flagged'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
