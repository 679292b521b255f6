OK_FORMAT = True

test = {   'name': 'q6',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import mmlib\n'
                                               ">>> _subjects = set(mmlib.load_data('sleepstudy')['Subject'].astype(str))\n"
                                               '>>> assert isinstance(least_affected, str) and isinstance(most_affected, str), "the answers are subject labels as strings, such as \'308\': '
                                               'str(series.idxmin())"\n'
                                               '>>> assert least_affected in _subjects and most_affected in _subjects, "use the labels of the Subject column, such as \'308\'"\n'
                                               ">>> assert least_affected != most_affected, 'the least and the most affected subjects differ: idxmin and idxmax'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
