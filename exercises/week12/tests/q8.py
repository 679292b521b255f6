OK_FORMAT = True

test = {   'name': 'q8',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(rmse_new, (float, np.floating)) and 10 < rmse_new < 200, 'rmse_new is a single RMSE in ms over all held-out nights 5 to 7 of all "
                                               "subjects'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
