OK_FORMAT = True

test = {   'name': 'q6',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(herd_sd, (float, np.floating)) and herd_sd > 0, 'herd_sd is a single positive number: the sdcor of the herd row of varcorr'\n"
                                               ">>> assert herd_sd < 5, 'herd_sd is a standard deviation on the log-odds scale, below 1 here; did you take the variance (vcov) or the odds scale?'\n"
                                               ">>> assert isinstance(or_period2, (float, np.floating)) and 0 < or_period2 < 1, 'new cases became less likely after period 1, so the odds ratio is "
                                               "between 0 and 1: exponentiate the period2 coefficient'\n"
                                               ">>> assert isinstance(p_typical, (float, np.floating)) and 0 < p_typical < 1, 'p_typical is a probability: the inverse logit of the intercept'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
