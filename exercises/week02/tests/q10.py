OK_FORMAT = True

test = {   'name': 'q10',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> from mmlib.formula import parse_formula\n'
                                               ">>> assert isinstance(formulas, dict) and set(formulas) == {'parallel', 'uncorrelated', 'nested', 'crossed'}, 'formulas needs exactly the keys "
                                               "parallel, uncorrelated, nested and crossed'\n"
                                               '>>> assert all((isinstance(f, str) and \'~\' in f and (\'|\' in f) for f in formulas.values())), "each formula is a string with a response, \'~\', and '
                                               'at least one random-effects term \'( ... | ... )\'"\n'
                                               '>>> _parsed = [parse_formula(_f) for _f in formulas.values()]\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
