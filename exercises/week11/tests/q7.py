OK_FORMAT = True

test = {   'name': 'q7',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> assert isinstance(seconds_subject, str) and seconds_subject.isdigit(), "seconds_subject should be the participant\'s number as a string of digits, '
                                               'such as \'308\'"\n'
                                               '>>> assert isinstance(shifted_cell, tuple) and len(shifted_cell) == 2 and isinstance(shifted_cell[0], str), "shifted_cell should be a tuple '
                                               '(participant label as a string, day as a number), such as (\'308\', 4)"\n'
                                               ">>> assert 200 < mean_reaction_clean < 400, 'the mean of the cleaned reaction times should be a plausible reaction time in ms: were the seconds "
                                               "converted and the shifted value removed?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
