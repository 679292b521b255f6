OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> assert isinstance(methods, dict), "methods should be a dictionary: {\'soft\': \'...\', ...}"\n'
                                               ">>> assert set(methods) == {'soft', 'moons', 'xor', 'round'}, 'methods needs exactly the keys soft, moons, xor and round'\n"
                                               '>>> assert set(methods.values()) <= {\'k-means\', \'gaussian mixture\', \'dbscan\', \'perceptron\'}, "each value is \'k-means\', \'gaussian mixture\', '
                                               '\'dbscan\' or \'perceptron\' (lower case)"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
