OK_FORMAT = True

test = {   'name': 'q5',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert 0 < share_pc1_standardised < share_pc1_raw < 1, 'shares of variance are between 0 and 1, and the raw first component should explain far "
                                               "more'\n"
                                               '>>> assert isinstance(top_raw, str) and top_raw in set(load_wine().feature_names), "top_raw should be a column name of the wine data, such as '
                                               '\'alcohol\'"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
