OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(n_clean, (int, np.integer)) and isinstance(n_complete, (int, np.integer)), 'n_clean and n_complete are whole numbers (ints)'\n"
                                               ">>> assert n_clean <= 180, 'there are at most 18 subjects x 10 days = 180 observations; n_clean counts the rows of the tidy table'\n"
                                               ">>> assert n_complete <= 18, 'there are 18 subjects: n_complete counts those with all ten days'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
