OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import pandas as pd\n'
                                               ">>> assert isinstance(train_rmse_by_degree, pd.Series) and isinstance(cv_rmse_by_degree, pd.Series), 'both answers should be pandas Series'\n"
                                               ">>> assert list(cv_rmse_by_degree.index) == list(range(6)) and list(train_rmse_by_degree.index) == list(range(6)), 'index both Series by the degree, 0 "
                                               "to 5'\n"
                                               ">>> assert (train_rmse_by_degree.diff().dropna() <= 1e-09).all(), 'the training RMSE can only fall as the degree grows: is it computed on the data the "
                                               "model was fitted to?'\n"
                                               ">>> assert (cv_rmse_by_degree >= train_rmse_by_degree).all(), 'the cross-validated RMSE should exceed the training RMSE at every degree'\n"
                                               ">>> assert best_degree in range(6), 'best_degree is one of the degrees 0 to 5'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
