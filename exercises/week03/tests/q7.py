OK_FORMAT = True

test = {   'name': 'q7',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(p_average, (float, np.floating)) and 0 < p_average < 1, 'p_average is a probability: the first element of what integrate.quad "
                                               "returns'\n"
                                               ">>> assert p_average < 0.5, 'in period 1 most animals stay healthy: p_average is well below one half; did you integrate the inverse logit times the "
                                               "normal density?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
