OK_FORMAT = True

test = {   'name': 'q2',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': ">>> assert 0 < train_fraction < 1 < new_fraction, 'the training MSE is below sigma^2 and the MSE on new data above it'\n"
                                               ">>> assert abs(train_fraction - 10 / 40) > 1e-09, 'p counts every coefficient, the intercept too'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
