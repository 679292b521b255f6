OK_FORMAT = True

test = {   'name': 'q3',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(band, np.ndarray) and band.shape == (2,) and (band[0] < band[1]), 'band is a NumPy array [lower, upper]'\n"
                                               ">>> assert isinstance(share_slower, (float, np.floating)) and 0.5 < share_slower < 1, 'share_slower is the probability that a normal slope is above 0: "
                                               "above one half when the mean slope is positive'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
