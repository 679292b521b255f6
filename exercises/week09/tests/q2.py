OK_FORMAT = True

test = {   'name': 'q2',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(S_two, np.ndarray) and S_two.shape == (2, 2), 'S_two should be a 2 x 2 NumPy array'\n"
                                               ">>> assert np.allclose(S_two, S_two.T), 'a covariance matrix is symmetric'\n"
                                               '>>> assert np.all(np.diag(S_two) > 1) and np.all(np.diag(S_two) < 4), "the diagonal holds the variances of the two items (about 2.3 to 2.5): did you '
                                               'centre the columns before X\'X and divide by n - 1?"\n'
                                               ">>> assert np.isclose(np.linalg.norm(w1), 1) and np.all(w1 > 0), 'w1 should be a unit-length eigenvector with both entries positive (flip its sign if "
                                               "needed)'\n"
                                               ">>> assert 0.5 < share_pc1 < 1, 'share_pc1 is the largest eigenvalue divided by the sum of the eigenvalues: eigh returns the largest last'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
