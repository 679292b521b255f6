OK_FORMAT = True

test = {   'name': 'q5',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(aic_d, (float, np.floating)) and isinstance(bic_d, (float, np.floating)), 'aic_d and bic_d are single numbers'\n"
                                               ">>> assert bic_d > aic_d, 'with 180 observations, log(n) > 2, so BIC charges more per parameter than AIC'\n"
                                               ">>> assert 1700 < aic_d < 1800, 'AIC is -2 log-likelihood + 2k: near the ML deviance of about 1750; did you fit model D with REML=False?'\n"
                                               '>>> assert best_bic in {\'A\', \'B\', \'C\', \'D\', \'E\'}, "best_bic is one of the letters \'A\' to \'E\'"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
