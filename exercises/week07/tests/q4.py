OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import pandas as pd\n'
                                               ">>> assert isinstance(prediction_change, pd.Series), 'prediction_change should be a pandas Series'\n"
                                               '>>> assert sorted(prediction_change.index) == [\'least squares\', \'ridge\', \'standardise then ridge\'], "the index should be \'least squares\', '
                                               '\'ridge\', \'standardise then ridge\'"\n'
                                               ">>> assert (prediction_change >= 0).all(), 'these are largest absolute differences: non-negative'\n"
                                               ">>> assert prediction_change['ridge'] > 0.1, 'ridge on the raw items should change its predictions when A1 is rescaled: did you predict X_test_slider "
                                               "with the model fitted to X_train_slider?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
