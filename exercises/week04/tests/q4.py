OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(slope_chisq, (float, np.floating)) and slope_chisq > 0, 'slope_chisq is twice the gain in log-likelihood of the random-slope "
                                               "model: positive'\n"
                                               ">>> assert isinstance(p_naive, (float, np.floating)) and isinstance(p_mixture, (float, np.floating)), 'p_naive and p_mixture are single numbers'\n"
                                               ">>> assert p_mixture < p_naive, 'the mixture gives half its weight to chi-square(1), whose tail is thinner, so its p-value is the smaller one'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
