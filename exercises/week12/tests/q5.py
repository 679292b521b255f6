OK_FORMAT = True

test = {   'name': 'q5',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(df_nights, (float, np.floating)) and 1 < df_nights < 150, 'df_nights is the df column of the nights row of satterthwaite(): "
                                               "close to the number of subjects'\n"
                                               '>>> assert isinstance(p_curvature, (float, np.floating)) and 0 <= p_curvature <= 1, "p_curvature is the p column of the second row of mmlib.anova\'s '
                                               'table"\n'
                                               ">>> assert isinstance(case_interval, np.ndarray) and case_interval.shape == (2,) and (case_interval[0] < case_interval[1]), 'case_interval is a NumPy "
                                               "array [lower, upper]'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
