OK_FORMAT = True

test = {   'name': 'q3',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert boundary_slope < 0, 'both coefficients are positive, so the boundary x_N = -(b0 + bA x_A) / bN falls as x_A grows'\n"
                                               '>>> assert 0.5 < share_predicted_female <= 1, "most respondents fall on the \'female\' side: share_predicted_female is a share between 0 and 1"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
