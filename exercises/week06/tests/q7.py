OK_FORMAT = True

test = {   'name': 'q7',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import pandas as pd\n'
                                               ">>> assert isinstance(curve, pd.DataFrame), 'curve should be a pandas DataFrame'\n"
                                               ">>> assert list(curve.index) == [50, 100, 200, 400, 800, 1600, 2100], 'index curve by m: 50, 100, ..., 2100'\n"
                                               '>>> assert set(curve.columns) == {\'training RMSE\', \'test RMSE\'}, "curve needs the columns \'training RMSE\' and \'test RMSE\'"\n'
                                               ">>> assert curve.loc[50, 'training RMSE'] < curve.loc[50, 'test RMSE'], 'with 50 people the training error should be far below the test error: is the "
                                               "training RMSE computed on the same m people the model was fitted to?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
