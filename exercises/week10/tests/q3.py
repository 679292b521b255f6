OK_FORMAT = True

test = {   'name': 'q3',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import pandas as pd\n'
                                               ">>> assert isinstance(silhouettes, pd.Series) and list(silhouettes.index) == [2, 3, 4, 5, 6], 'silhouettes should be a pandas Series indexed by K = 2, "
                                               "..., 6'\n"
                                               ">>> assert ((silhouettes > -1) & (silhouettes < 1)).all(), 'mean silhouettes lie between -1 and 1'\n"
                                               ">>> assert best_K in (2, 3, 4, 5, 6) and 0 < ari <= 1, 'best_K is one of the candidates, and ari an adjusted Rand index (1 for identical "
                                               "partitions)'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
