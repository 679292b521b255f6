OK_FORMAT = True

test = {   'name': 'q5',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(b_hat, np.ndarray) and b_hat.shape == (36,), 'b_hat should be a 1-D NumPy array of 36 numbers: two per participant'\n"
                                               ">>> assert np.std(b_hat[0::2]) > 2 * np.std(b_hat[1::2]), 'b_hat should alternate intercept, slope, intercept, slope, ... (participant by "
                                               "participant): read ranef row by row'\n"
                                               ">>> assert isinstance(fitted_by_hand, np.ndarray) and fitted_by_hand.shape == (180,), 'fitted_by_hand should be a 1-D array with one fitted value per "
                                               "observation'\n"
                                               ">>> assert 150 < np.min(fitted_by_hand) and np.max(fitted_by_hand) < 500, 'fitted reaction times lie between about 200 and 450 ms: did you add X beta "
                                               "and Z b?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
