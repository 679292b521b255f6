OK_FORMAT = True

test = {   'name': 'q2',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert all((isinstance(_v, (float, np.floating)) for _v in (beta_nights, sd_slopes, slope_all_days))), 'each answer is a single number'\n"
                                               ">>> assert 5 < beta_nights < 20, 'beta_nights is the average slope in ms per night, about 10 ms: the fixed effect of nights'\n"
                                               ">>> assert 0 < sd_slopes < 20, 'sd_slopes is a standard deviation (sdcor) of the slopes, in ms per night, not a variance'\n"
                                               ">>> assert slope_all_days < beta_nights, 'the slope over all ten days should be flatter than the one from the baseline on: did you fit it to clean, "
                                               "with Days?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
