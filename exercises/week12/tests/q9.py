OK_FORMAT = True

test = {   'name': 'q9',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert all((isinstance(_v, (float, np.floating)) for _v in (icc_radon, weighted_size, deff))), 'each answer is a single number'\n"
                                               ">>> assert 0 < icc_radon < 1, 'an intraclass correlation is a share of variance: between 0 and 1'\n"
                                               ">>> assert weighted_size > 919 / 85, 'the size-weighted mean, sum(m^2) / sum(m), is larger than the plain mean county size (919 / 85)'\n"
                                               ">>> assert deff > 1, 'a design effect above 1 inflates the variance'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
