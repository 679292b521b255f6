OK_FORMAT = True

test = {   'name': 'q7',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert all((isinstance(_v, (float, np.floating)) for _v in (f_variety_naive, f_variety, var_whole_plot, var_block))), 'each answer is a single "
                                               "number'\n"
                                               ">>> assert f_variety < f_variety_naive, 'the whole-plot error mean square is larger than the sub-plot residual, so the right F for Variety is the "
                                               "smaller one'\n"
                                               ">>> assert var_whole_plot > 0 and var_block > 0, 'both variance estimates are positive here: check which mean square is subtracted from which'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
