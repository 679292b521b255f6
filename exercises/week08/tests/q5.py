OK_FORMAT = True

test = {   'name': 'q5',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert 0.5 < auc_by_hand < 1, 'the AUC of a classifier that ranks better than chance is between 0.5 and 1: compare women (class 1) with men (class "
                                               "0), not the other way round'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
