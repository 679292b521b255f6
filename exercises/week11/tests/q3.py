OK_FORMAT = True

test = {   'name': 'q3',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(n_complete, (int, np.integer)) and 0 < n_complete < 2800, 'n_complete is a count of people (rows) with no missing item'\n"
                                               '>>> assert most_skipped in [f\'{_t}{_n}\' for _t in \'ACENO\' for _n in range(1, 6)], "most_skipped should be an item name such as \'A1\'"\n'
                                               ">>> assert median_age_missing < median_age_given, 'the people with education missing are younger: is the comparison the right way round?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
