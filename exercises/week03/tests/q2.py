OK_FORMAT = True

test = {   'name': 'q2',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> import mmlib\n'
                                               '>>> assert isinstance(beta_hand, np.ndarray) and beta_hand.shape == (2,), "beta_hand should be a NumPy array of two numbers: intercept and slope (the '
                                               'x of the optimiser\'s result)"\n'
                                               ">>> assert isinstance(loglik_hand, (float, np.floating)) and loglik_hand < 0, 'loglik_hand is the maximised log-likelihood, a negative number: minus "
                                               "the minimised negative log-likelihood'\n"
                                               ">>> assert not np.allclose(beta_hand, 0), 'beta_hand is still at the starting values: did the optimiser run?'\n"
                                               ">>> _v = mmlib.load_data('verbagg')\n"
                                               ">>> _X = np.column_stack([np.ones(len(_v)), _v['Anger'] - _v['Anger'].mean()])\n"
                                               ">>> _gradient = _X.T @ (_v['r2'].to_numpy() - 1 / (1 + np.exp(-_X @ beta_hand)))\n"
                                               ">>> assert abs(beta_hand[0]) < 1, 'the intercept is the log-odds of a yes at average anger, close to 0: did you use the centred anger_c?'\n"
                                               '>>> assert np.max(np.abs(_gradient)) < 1, "the gradient X\'(y - p) is not zero at beta_hand: the optimiser stopped early; pass the gradient with jac= '
                                               'or use method=\'BFGS\'"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
