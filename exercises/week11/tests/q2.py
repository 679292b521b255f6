OK_FORMAT = True

test = {   'name': 'q2',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import pandas as pd\n'
                                               ">>> assert isinstance(wide, pd.DataFrame) and wide.shape == (18, 10), 'wide should be a DataFrame with 18 rows (participants) and 10 columns (days): "
                                               "sleep.pivot(index=..., columns=..., values=...)'\n"
                                               ">>> assert isinstance(day_means, pd.Series) and len(day_means) == 10, 'day_means should be a Series with one mean per day: 10 values. Did you average "
                                               "over the rows (the participants)?'\n"
                                               ">>> assert isinstance(long_again, pd.DataFrame) and long_again.shape == (180, 3), 'long_again should have 180 rows and the three columns Subject, "
                                               "Days, Reaction'\n"
                                               '>>> assert set(long_again.columns) == {\'Subject\', \'Days\', \'Reaction\'}, "long_again needs the columns Subject, Days and Reaction (melt\'s '
                                               'var_name and value_name)"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
