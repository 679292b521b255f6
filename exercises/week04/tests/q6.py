OK_FORMAT = True

test = {   'name': 'q6',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(welch_df, (float, np.floating)) and welch_df > 1, 'welch_df is a single positive number'\n"
                                               '>>> assert welch_df < 917, "Welch\'s degrees of freedom are at most n1 + n2 - 2 = 917, usually far fewer"\n'
                                               ">>> assert isinstance(df_random_slope, (float, np.floating)) and isinstance(df_random_intercept, (float, np.floating)), 'take the df column of the "
                                               "Days row of each satterthwaite() table'\n"
                                               ">>> assert df_random_slope < df_random_intercept, 'with a random slope the participants are the replications of the slope: fewer degrees of freedom "
                                               "than without one'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
