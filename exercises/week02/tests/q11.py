OK_FORMAT = True

test = {   'name': 'q11',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> assert isinstance(reml_unique, (float, np.floating)) and isinstance(reml_nested, (float, np.floating)), "reml_unique and reml_nested are single '
                                               'numbers: the models\' reml_criterion"\n'
                                               ">>> assert float(reml_unique) > 1000, 'a REML criterion of these data is in the thousands: use .reml_criterion, not the log-likelihood'\n"
                                               '>>> assert isinstance(n_class_groups, (int, np.integer)), "n_class_groups is a whole number: the model\'s ngrps[\'class\']"\n'
                                               ">>> assert n_class_groups != 24, '24 is the number of classes with unique labels; with the repeated letters the crossed formula forms fewer class "
                                               "groups'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
