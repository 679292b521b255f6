OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> assert isinstance(statements, dict), "statements should be a dictionary: {\'trace\': True, ...}"\n'
                                               ">>> assert set(statements) == {'trace', 'correlated_scores', 'units', 'sign'}, 'statements needs exactly the keys trace, correlated_scores, units and "
                                               "sign'\n"
                                               '>>> assert all((isinstance(value, bool) for value in statements.values())), "each value is True or False (not the strings \'True\' and \'False\')"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
