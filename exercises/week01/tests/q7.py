OK_FORMAT = True

test = {   'name': 'q7',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert 0 <= p_one_tailed <= 1 and 0 <= p_two_tailed <= 1, 'p-values are probabilities, between 0 and 1'\n"
                                               '>>> assert t_331 > 0, "participant 331\'s slope is positive, so t_331 should be too: check the sign and which column is the slope"\n'
                                               ">>> assert p_one_tailed < p_two_tailed, 'when t is in the predicted direction the one-tailed p is half the two-tailed p: the two-tailed test counts "
                                               "both tails'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
