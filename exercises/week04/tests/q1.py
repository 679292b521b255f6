OK_FORMAT = True

test = {   'name': 'q1',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> assert isinstance(claims, dict), "claims should be a dictionary: {\'reml\': True, ...}"\n'
                                               ">>> assert set(claims) == {'reml', 'boundary', 'aic', 'rows'}, 'claims needs exactly the keys reml, boundary, aic and rows'\n"
                                               '>>> assert all((isinstance(value, bool) for value in claims.values())), "use the booleans True and False (no quotes), not the strings \'True\' and '
                                               '\'False\'"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
