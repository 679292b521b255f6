OK_FORMAT = True

test = {   'name': 'q7',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert all((isinstance(_v, (float, np.floating)) for _v in (rmse_partial, rmse_complete, rmse_none))), 'each RMSE is a single number (a float)'\n"
                                               ">>> assert all((10 < _v < 200 for _v in (rmse_partial, rmse_complete, rmse_none))), 'an RMSE of forecast reaction times is tens of ms: the square root "
                                               "of the mean squared error'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
