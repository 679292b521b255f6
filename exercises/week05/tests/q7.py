OK_FORMAT = True

test = {   'name': 'q7',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(b_new, np.ndarray) and b_new.shape == (2,), 'b_new should be a NumPy array of two numbers: the intercept and slope deviations'\n"
                                               ">>> assert b_new[0] < 0, '309 is faster than average, so the intercept deviation should be negative: did you subtract X_k @ beta from y_k?'\n"
                                               ">>> assert day9_partial < day9_population, '309 is faster than average, so the partial-pooling forecast should be below the population line'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
