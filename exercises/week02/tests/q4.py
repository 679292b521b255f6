OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(Z_sleep, np.ndarray), 'Z_sleep should be a NumPy array (use .toarray() if you built a sparse matrix)'\n"
                                               ">>> assert Z_sleep.shape[0] == 180, 'Z_sleep needs one row per observation: 180 rows'\n"
                                               ">>> assert Z_sleep.shape[1] != 18, '18 columns is Z for (1 | Subject); (Days | Subject) needs two columns per participant'\n"
                                               ">>> assert Z_sleep.shape == (180, 36), 'Z_sleep needs two columns (intercept, Days) for each of the 18 participants'\n"
                                               ">>> assert np.all((Z_sleep != 0).sum(axis=1) <= 2), 'each row belongs to one participant, so at most two of its entries are non-zero'\n"
                                               '>>> assert np.all(Z_sleep[:10, 0] == 1), "the first column is participant 308\'s intercept: 1 in 308\'s ten rows"\n'
                                               '>>> assert np.array_equal(Z_sleep[:10, 1], np.arange(10)), "the second column is participant 308\'s slope column (308\'s Days, 0 to 9, in the first '
                                               'ten rows): order the columns participant by participant, not all intercepts first"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
