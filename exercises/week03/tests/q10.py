OK_FORMAT = True

test = {   'name': 'q10',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(brood_sd, (float, np.floating)) and brood_sd > 0, 'brood_sd is a single positive number: the sdcor of the BROOD row of varcorr'\n"
                                               '>>> assert isinstance(brood_ratio, (float, np.floating)) and brood_ratio > 0, "brood_ratio is a single positive number: overdispersion()[\'ratio\']"\n'
                                               ">>> assert isinstance(se_inflation, (float, np.floating)), 'se_inflation is a single number: a ratio of two standard errors'\n"
                                               '>>> assert se_inflation > 1, "the GLMM\'s standard error is the larger one (divide the GLMM\'s by the GLM\'s): the GLM treats chicks of one brood as '
                                               'independent"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
