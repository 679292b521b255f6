OK_FORMAT = True

test = {   'name': 'q6',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import math\n'
                                               ">>> assert isinstance(loglik, float), 'loglik should be a single number (a sum over the observations), not an array'\n"
                                               ">>> assert math.isfinite(loglik), 'loglik is not finite: add log densities rather than taking the log of a product of 180 small densities'\n"
                                               ">>> assert loglik < 0, 'this log-likelihood is negative: the densities of reaction times in ms are far below 1'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
