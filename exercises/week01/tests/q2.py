OK_FORMAT = True

test = {   'name': 'q2',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(X_oats, np.ndarray), 'X_oats should be a NumPy array, for example from np.column_stack'\n"
                                               ">>> assert X_oats.shape[0] == 72, 'X_oats needs one row per plot: 72 rows'\n"
                                               ">>> assert X_oats.shape[1] != 4, '4 columns: you kept a dummy for the reference level too; with an intercept, k levels need k - 1 dummies'\n"
                                               ">>> assert X_oats.shape == (72, 3), 'X_oats needs 3 columns: the intercept and one dummy for each variety other than Golden Rain'\n"
                                               ">>> assert np.all(X_oats[:, 0] == 1), 'the first column is the intercept: all ones'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
