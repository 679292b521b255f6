OK_FORMAT = True

test = {   'name': 'q5',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert np.asarray(perceptron_w).shape == (2,), 'perceptron_w should hold two weights: petal length and petal width'\n"
                                               ">>> assert n_epochs >= 2, 'the first epoch makes mistakes (the weights start at zero), so there are at least two'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
