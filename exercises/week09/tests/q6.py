OK_FORMAT = True

test = {   'name': 'q6',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert 1 <= k_90 <= 64, 'k_90 counts components, from 1 to 64'\n"
                                               ">>> assert reconstruction_error_10 > 0, 'the reconstruction error is a mean of squared differences: positive'\n"
                                               ">>> assert reconstruction_error_10 < 1000, 'this is too large for a mean per image of squared pixel errors: is the mean image added back "
                                               "(inverse_transform does it)?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
