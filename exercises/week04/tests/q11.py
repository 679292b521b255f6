OK_FORMAT = True

test = {   'name': 'q11',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(observed_sd, (float, np.floating)) and 1 < observed_sd < 20, 'observed_sd is the standard deviation of 18 slopes, a few ms per "
                                               "day'\n"
                                               ">>> assert isinstance(share_intercept, (float, np.floating)) and isinstance(share_slope, (float, np.floating)), 'the shares are single numbers between "
                                               "0 and 1 (np.mean of a boolean array)'\n"
                                               ">>> assert 0 <= share_intercept <= 1 and 0 <= share_slope <= 1, 'a share lies between 0 and 1'\n"
                                               ">>> assert share_intercept <= share_slope, 'the random-intercept model gives every participant the same slope, so its simulations should reach the "
                                               "observed spread less often'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
