OK_FORMAT = True

test = {   'name': 'q10',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> from mmlib.formula import parse_formula\n'
                                               ">>> assert isinstance(formulas, dict) and set(formulas) == {'memory', 'pastes', 'penicillin'}, 'formulas needs exactly the keys memory, pastes and "
                                               "penicillin'\n"
                                               '>>> assert all((isinstance(_f, str) and \'~\' in _f and (\'|\' in _f) for _f in formulas.values())), "each formula is a string with a response, \'~\', '
                                               'and random-effects terms \'( ... | ... )\'"\n'
                                               '>>> _parsed = [parse_formula(_f) for _f in formulas.values()]\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
