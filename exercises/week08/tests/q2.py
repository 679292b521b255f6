OK_FORMAT = True

test = {   'name': 'q2',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(beta_gd, np.ndarray) and beta_gd.shape == (2,), 'beta_gd should be a NumPy array of two numbers: intercept and slope'\n"
                                               ">>> assert beta_gd[0] > 0, 'two thirds of the respondents are recorded female, so the intercept (log odds at average agreeableness) should be "
                                               "positive'\n"
                                               ">>> assert 0 < min_loss < np.log(2), 'the loss at the minimum is below log 2, its value at beta = 0: is it the mean cross-entropy?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
