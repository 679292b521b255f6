OK_FORMAT = True

test = {   'name': 'q1',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> assert isinstance(levels, dict), "levels should be a dictionary: {\'Subject\': \'...\', ...}"\n'
                                               ">>> assert set(levels) == {'Subject', 'education', 'year_of_birth', 'Reaction'}, 'levels needs exactly the four keys Subject, education, year_of_birth "
                                               "and Reaction'\n"
                                               '>>> assert set(levels.values()) <= {\'nominal\', \'ordinal\', \'interval\', \'ratio\'}, "each level is one of \'nominal\', \'ordinal\', \'interval\', '
                                               '\'ratio\' (lower case, no spaces)"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
