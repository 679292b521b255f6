OK_FORMAT = True

test = {   'name': 'q9',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> assert isinstance(boot_se, (float, np.floating)) and 0 < boot_se < 5, "boot_se is the standard deviation of the 200 slopes: about as large as the '
                                               'model\'s standard error of the slope"\n'
                                               ">>> assert isinstance(boot_interval, np.ndarray) and boot_interval.shape == (2,), 'boot_interval is a NumPy array [lower, upper], for example from "
                                               "np.quantile(replicates, [0.025, 0.975])'\n"
                                               ">>> assert boot_interval[0] < 10.47 < boot_interval[1], 'the interval should contain the estimate, about 10.5 ms per day: did you keep the Days "
                                               "slope?'\n"
                                               ">>> assert isinstance(case_interval, np.ndarray) and case_interval.shape == (2,) and (case_interval[0] < case_interval[1]), 'case_interval is a NumPy "
                                               "array [lower, upper]'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
