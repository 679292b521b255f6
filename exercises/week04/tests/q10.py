OK_FORMAT = True

test = {   'name': 'q10',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(singular_full, (bool, np.bool_)), 'singular_full is a boolean: what is_singular() returns'\n"
                                               ">>> assert isinstance(rank_full, (int, np.integer)), 'rank_full is a whole number: the rank column of singularity()'\n"
                                               ">>> assert rank_full <= 3, 'each participant has three random effects, so the rank of their covariance matrix is at most 3'\n"
                                               ">>> assert isinstance(p_simplify, (float, np.floating)) and 0 <= p_simplify <= 1, 'p_simplify is a probability: chi2.sf of the difference of the REML "
                                               "criteria (simpler minus fuller) on 3 df'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
