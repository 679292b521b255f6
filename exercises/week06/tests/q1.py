OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> assert isinstance(tasks, dict), "tasks should be a dictionary: {\'age\': \'...\', ...}"\n'
                                               ">>> assert set(tasks) == {'age', 'diagnosis', 'profiles', 'components', 'reaction'}, 'tasks needs exactly the keys age, diagnosis, profiles, "
                                               "components and reaction'\n"
                                               '>>> assert set(tasks.values()) <= {\'regression\', \'classification\', \'unsupervised\'}, "each value is \'regression\', \'classification\' or '
                                               '\'unsupervised\' (lower case)"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
