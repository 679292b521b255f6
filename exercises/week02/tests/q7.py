OK_FORMAT = True

test = {   'name': 'q7',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(weight_given, (float, np.floating)) and 0 < weight_given < 1, 'a weight of 12.4 is a single number between 0 and 1'\n"
                                               ">>> assert not np.isclose(weight_given, 4 / 30 / (4 / 30 + 1 / 20)), 'you used the standard deviations; equation 12.4 divides by the variances: 30**2 "
                                               "and 20**2'\n"
                                               ">>> assert isinstance(weight_374, (float, np.floating)) and 0 < weight_374 < 1, 'weight_374 is a single number between 0 and 1'\n"
                                               '>>> assert isinstance(alpha_374, (float, np.floating)) and 200 < alpha_374 < 350, "alpha_374 is an intercept in ms: between the participant\'s own '
                                               'estimate and the population\'s, both near 250-290 ms"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
