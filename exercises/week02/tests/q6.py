OK_FORMAT = True

test = {   'name': 'q6',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(rho_reported, (float, np.floating)) and -1 <= rho_reported <= 1, 'a correlation is a single number between -1 and 1'\n"
                                               ">>> assert not np.isclose(rho_reported, -30 / (400 * 9)), 'divide the covariance by the product of the standard deviations (square roots of the "
                                               "variances), not of the variances'\n"
                                               ">>> assert isinstance(Sigma_sleep, np.ndarray) and Sigma_sleep.shape == (2, 2), 'Sigma_sleep should be a 2 x 2 NumPy array'\n"
                                               ">>> assert np.allclose(Sigma_sleep, Sigma_sleep.T), 'a covariance matrix is symmetric: T @ T.T is, T @ T is not'\n"
                                               '>>> assert Sigma_sleep[0, 0] > 100, "the intercept variance is in ms squared, hundreds of them: multiply T T\' by sigma squared (model.sigma ** 2)"\n'
                                               ">>> assert isinstance(rho_sleep, (float, np.floating)) and -1 <= rho_sleep <= 1, 'rho_sleep is a single number between -1 and 1'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
