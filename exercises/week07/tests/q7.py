OK_FORMAT = True

test = {   'name': 'q7',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import pandas as pd\n'
                                               ">>> assert isinstance(share_kept, pd.Series) and len(share_kept) == 20, 'share_kept should be a pandas Series with one value per subject: 20'\n"
                                               ">>> assert ((share_kept > 0) & (share_kept < 1)).all(), 'each share n_j / (n_j + lambda) is between 0 and 1'\n"
                                               ">>> assert str(most_shrunk) in {str(label) for label in share_kept.index}, 'most_shrunk should be a subject label from the index of share_kept'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
