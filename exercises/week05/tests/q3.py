OK_FORMAT = True

test = {   'name': 'q3',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(fold_mse, np.ndarray) and fold_mse.shape == (5,), 'fold_mse should be a NumPy array of 5 numbers, one per fold'\n"
                                               '>>> assert np.all(fold_mse > 0), "mean squared errors are positive: did you keep scikit-learn\'s negative scores?"\n'
                                               ">>> assert fold_mse.min() > 200, 'these look like RMSEs (ms), not MSEs (ms^2): square the errors before averaging'\n"
                                               ">>> assert abs(cv_rmse - np.sqrt(fold_mse.mean())) < 1e-09 * cv_rmse, 'cv_rmse is the square root of the mean of fold_mse'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
