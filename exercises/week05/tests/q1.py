OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> assert isinstance(purposes, dict), "purposes should be a dictionary: {\'caffeine\': \'...\', ...}"\n'
                                               ">>> assert set(purposes) == {'caffeine', 'dropout', 'forecast', 'age'}, 'purposes needs exactly the keys caffeine, dropout, forecast and age'\n"
                                               '>>> assert set(purposes.values()) <= {\'explanation\', \'prediction\'}, "each value is \'explanation\' or \'prediction\' (lower case)"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
