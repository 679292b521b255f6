OK_FORMAT = True

test = {   'name': 'q1',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(p_eta2, (float, np.floating)) and 0 < p_eta2 < 1, 'p_eta2 is a probability: apply the inverse link (expit) to eta = 2, not the "
                                               "link'\n"
                                               ">>> assert isinstance(eta_p01, (float, np.floating)) and eta_p01 < 0, 'a probability below 0.5 has a negative log-odds: apply the link (logit) to "
                                               "0.1'\n"
                                               ">>> assert isinstance(odds_p075, (float, np.floating)) and odds_p075 > 1, 'odds are p / (1 - p), not a probability: above 1 when p is above one "
                                               "half'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
