OK_FORMAT = True

test = {   'name': 'q3',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(se_ols, (float, np.floating)) and isinstance(se_lmm, (float, np.floating)), 'se_ols and se_lmm should each be a single number: "
                                               "the standard error of the Days slope'\n"
                                               '>>> assert 0 < float(se_ols) < 10 and 0 < float(se_lmm) < 10, "a standard error of the Days slope is a few ms per day: did you pick the '
                                               'intercept\'s?"\n'
                                               '>>> assert float(se_lmm) > float(se_ols), "the mixed model\'s standard error should be the larger one: it knows the 180 rows come from only 18 '
                                               'people"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
