OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert z_typo > 0 and robust_z_typo > 0, 'the typo is far above the other values, so both z-scores are positive'\n"
                                               ">>> assert z_typo <= z_bound, 'no |z| can exceed (n - 1) / sqrt(n) when z uses the sample SD (ddof=1)'\n"
                                               '>>> assert robust_z_typo > 10, "the robust z-score should be huge: divide by the MAD scaled to the SD (scale=\'normal\'), around the median"\n',
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
