OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> assert isinstance(methods, dict), "methods should be a dictionary: {\'zeros\': \'...\', ...}"\n'
                                               ">>> assert set(methods) == {'zeros', 'closed_form', 'both', 'units'}, 'methods needs exactly the keys zeros, closed_form, both and units'\n"
                                               '>>> assert set(methods.values()) <= {\'least squares\', \'ridge\', \'lasso\', \'elastic net\'}, "each value is \'least squares\', \'ridge\', \'lasso\' '
                                               'or \'elastic net\' (lower case)"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
