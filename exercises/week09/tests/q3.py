OK_FORMAT = True

test = {   'name': 'q3',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(eigenvalues, np.ndarray) and eigenvalues.shape == (25,), 'eigenvalues should be a NumPy array of 25 eigenvalues'\n"
                                               ">>> assert np.all(np.diff(eigenvalues) <= 0), 'sort the eigenvalues in decreasing order (eigvalsh returns them increasing: reverse with [::-1])'\n"
                                               ">>> assert abs(eigenvalues.sum() - 25) < 1e-06, 'the eigenvalues of a correlation matrix of 25 items add up to 25: use the correlation matrix, not the "
                                               "covariance matrix'\n"
                                               '>>> assert 1 <= n_kaiser <= n_80 <= 25, "n_80 counts components (starting at 1), and Kaiser\'s rule keeps fewer here"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
