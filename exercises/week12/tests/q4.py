OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(singular, (bool, np.bool_)), 'singular is a boolean: what is_singular() returns'\n"
                                               ">>> assert isinstance(n_extreme, (int, np.integer)) and 0 <= n_extreme < 20, 'n_extreme counts a few observations: use the absolute scaled residual, > "
                                               "3'\n"
                                               ">>> assert isinstance(slope_without_extremes, (float, np.floating)) and 5 < slope_without_extremes < 20, 'slope_without_extremes is the nights slope "
                                               "of the refit, in ms per night'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
