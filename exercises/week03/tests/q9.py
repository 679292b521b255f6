OK_FORMAT = True

test = {   'name': 'q9',
    'points': 5,
    'suites': [   {   'cases': [   {   'code': '>>> from mmlib.formula import parse_formula\n'
                                               ">>> assert isinstance(structures, dict) and set(structures) == {'id_item', 'chick_brood', 'brood_location', 'herd_period'}, 'structures needs exactly "
                                               "the keys id_item, chick_brood, brood_location and herd_period'\n"
                                               '>>> assert set(structures.values()) <= {\'nested\', \'crossed\'}, "each value is the string \'nested\' or \'crossed\'"\n'
                                               '>>> assert isinstance(verbagg_formula, str) and \'~\' in verbagg_formula and (\'|\' in verbagg_formula), "verbagg_formula is a string like \'r2 ~ ... '
                                               '+ (1 | ...)\'"\n'
                                               '>>> _terms = parse_formula(verbagg_formula)\n'
                                               ">>> assert len(_terms.random) == 2, 'people and items each need their own random intercept: two terms (1 | ...)'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
