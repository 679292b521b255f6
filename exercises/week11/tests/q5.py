OK_FORMAT = True

test = {   'name': 'q5',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert -1 <= corr_centred <= 1, 'corr_centred is a correlation: the sdcor of the row with both var1 and var2'\n"
                                               '>>> assert sd_intercept_centred > 30, "the SD of the intercepts at the middle of the study is larger than at day 0 (about 25 ms): is the intercept\'s '
                                               'sdcor taken from the centred fit?"\n'
                                               ">>> assert abs(reml_centred - reml_uncentred) < 0.001, 'centring does not change the model, so the two REML criteria should agree: fit the centred "
                                               "model with the same formula structure'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
