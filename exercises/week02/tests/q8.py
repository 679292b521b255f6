OK_FORMAT = True

test = {   'name': 'q8',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> import mmlib\n'
                                               '>>> assert isinstance(most_shrunk, str), "most_shrunk should be the county\'s name as a string, for example str(series.idxmax())"\n'
                                               '>>> assert most_shrunk in set(mmlib.load_data(\'radon\')[\'county\'].astype(str)), "most_shrunk should be one of the county names of radon (upper '
                                               'case, such as \'AITKIN\')"\n'
                                               ">>> assert isinstance(n_most_shrunk, (int, np.integer)) and n_most_shrunk >= 1, 'n_most_shrunk should be a whole number of houses (an int)'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
