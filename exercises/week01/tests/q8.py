OK_FORMAT = True

test = {   'name': 'q8',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import pandas as pd\n'
                                               '>>> assert isinstance(slopes, pd.Series), "slopes should be a pandas Series, for example from sleep.groupby(\'Subject\', observed=True)"\n'
                                               ">>> assert len(slopes) == 18, 'slopes needs one slope per participant: 18 values'\n"
                                               ">>> assert str(steepest) in {str(label) for label in slopes.index}, 'steepest should be a participant label from the index of slopes (idxmax gives "
                                               "it)'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
