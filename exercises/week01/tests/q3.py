OK_FORMAT = True

test = {   'name': 'q3',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(beta_oats, np.ndarray), 'beta_oats should be a NumPy array'\n"
                                               ">>> assert beta_oats.shape == (3,), 'beta_oats has one coefficient per column of X_oats: shape (3,). If it is (3, 1), use a 1-D y'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
