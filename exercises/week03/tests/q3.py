OK_FORMAT = True

test = {   'name': 'q3',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(or_shout, (float, np.floating)) and or_shout > 0, 'an odds ratio is a positive number: exponentiate the coefficient'\n"
                                               ">>> assert or_shout < 1, 'people are less ready to shout than to curse, so the odds ratio is below 1; is it the btype[T.shout] coefficient, "
                                               "exponentiated?'\n"
                                               ">>> assert isinstance(p_shout, (float, np.floating)) and 0 < p_shout < 0.75, 'p_shout is a probability, below the 3/4 for cursing'\n"
                                               ">>> assert not np.isclose(p_shout, 0.75 * or_shout), 'an odds ratio multiplies the odds, not the probability: odds = 3 * or_shout, then p = odds / (1 "
                                               "+ odds)'\n"
                                               ">>> assert isinstance(bound_anger, (float, np.floating)) and 0 < bound_anger < 0.25, 'bound_anger is the anger coefficient divided by 4: a small "
                                               "probability, not a percentage'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
