OK_FORMAT = True

test = {   'name': 'q8',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> assert isinstance(log_l_herd1, (float, np.floating)) and log_l_herd1 < 0, "log_l_herd1 is the log of a probability (of herd 1\'s data), so it is '
                                               'negative"\n'
                                               '>>> assert isinstance(deviance_exact, (float, np.floating)) and deviance_exact > 0, "deviance_exact is -2 times the sum of the herds\' log integrals: '
                                               'a positive number"\n'
                                               '>>> assert 100 < deviance_exact < 300, "the exact deviance should be close to herd_model.deviance (about 184): use the binomial probabilities of the '
                                               'counts (pmf, not cdf), and the log of each herd\'s integral"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
