OK_FORMAT = True

test = {   'name': 'q6',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(coef_victory_reference, np.ndarray) and coef_victory_reference.shape == (3,), 'coef_victory_reference should be a NumPy array of "
                                               "3 coefficients (.params.to_numpy())'\n"
                                               ">>> assert isinstance(coef_sum, np.ndarray) and coef_sum.shape == (3,), 'coef_sum should be a NumPy array of 3 coefficients'\n"
                                               '>>> assert not np.isclose(coef_victory_reference[0], coef_sum[0]), "the two intercepts differ: Victory\'s mean with treatment coding, the mean of the '
                                               'level means with sum coding"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
