OK_FORMAT = True

test = {   'name': 'q1',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> assert isinstance(claims, dict), "claims should be a dictionary: {\'ceiling\': True, ...}"\n'
                                               ">>> assert set(claims) == {'ceiling', 'day0', 'averaging', 'se'}, 'claims needs exactly the keys ceiling, day0, averaging and se'\n"
                                               '>>> assert all((isinstance(value, bool) for value in claims.values())), "use the booleans True and False (no quotes), not the strings \'True\' and '
                                               '\'False\'"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
