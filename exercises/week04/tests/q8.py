OK_FORMAT = True

test = {   'name': 'q8',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> assert isinstance(shrink_block, (float, np.floating)) and 0 < shrink_block < 1, "a shrinkage factor lies between 0 and 1: 1 - 1/F with the Block '
                                               'row\'s F"\n'
                                               ">>> assert isinstance(blup_block_I, (float, np.floating)) and blup_block_I > 0, 'block I is the most fertile block: its BLUP is positive'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
