OK_FORMAT = True

test = {   'name': 'q3',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(beta_ridge, np.ndarray) and beta_ridge.shape == (25,), 'beta_ridge should be a NumPy array of 25 coefficients (no intercept: the "
                                               "response is centred)'\n"
                                               ">>> assert largest_difference < 1e-06, 'your coefficients should match Ridge(alpha=50) on the same standardised items: standardise with the scaler "
                                               "fitted to X_train, and centre y'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
