OK_FORMAT = True

test = {   'name': 'q6',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert np.asarray(hidden_xor).shape == (4, 2) and np.all(np.abs(hidden_xor) <= 1), 'hidden_xor is tanh of X W1 + b1: a 4 x 2 array of values "
                                               "between -1 and 1'\n"
                                               ">>> assert np.asarray(p_xor).shape == (4,) and np.all((p_xor > 0) & (p_xor < 1)), 'p_xor should hold four probabilities, one per input'\n"
                                               ">>> assert xor_loss > 0, 'the cross-entropy is positive: the minus sign in front of the mean'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
