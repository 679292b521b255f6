OK_FORMAT = True

test = {   'name': 'q1',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> assert isinstance(mechanisms, dict), "mechanisms should be a dictionary: {\'server\': \'...\', ...}"\n'
                                               ">>> assert set(mechanisms) == {'server', 'age', 'hard_task', 'tray'}, 'mechanisms needs exactly the keys server, age, hard_task and tray'\n"
                                               '>>> assert set(mechanisms.values()) <= {\'MCAR\', \'MAR\', \'MNAR\'}, "each value is \'MCAR\', \'MAR\' or \'MNAR\' (upper case)"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
