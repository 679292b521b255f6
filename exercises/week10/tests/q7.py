OK_FORMAT = True

test = {   'name': 'q7',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert 0.5 < accuracy_logistic < 1 and 0.5 < accuracy_network < 1, 'accuracies on the test points, as .score(X_test, y_test) gives them'\n"
                                               ">>> assert accuracy_network > accuracy_logistic, 'the network should beat the straight line on the moons: is it fitted with the settings given?'\n"
                                               '>>> assert accuracy_network_train >= accuracy_network, "accuracy_network_train is the network\'s score on X_train, y_train"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
