OK_FORMAT = True

test = {   'name': 'q2',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert len(W_history) >= 2 and all((later <= earlier + 1e-09 for earlier, later in zip(W_history, W_history[1:]))), 'W can only fall from one "
                                               "iteration to the next: assign each point to its nearest centroid, then move each centroid to the mean of its points'\n"
                                               ">>> assert np.asarray(labels_by_hand).shape == (178,) and set(np.asarray(labels_by_hand).tolist()) == {0, 1, 2}, 'labels_by_hand should give each of "
                                               "the 178 wines a cluster 0, 1 or 2'\n"
                                               ">>> assert W_final == W_history[-1], 'W_final is the last value of W_history'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
