OK_FORMAT = True

test = {   'name': 'q5',
    'points': 4,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> assert lasso_alpha in set(np.logspace(-2, 1.5, 40)), "lasso_alpha should be one of the grid\'s penalties: the fitted LassoCV\'s alpha_ (the last '
                                               'step of the pipeline, lasso[-1])"\n'
                                               '>>> assert isinstance(lasso_kept, list) and all((isinstance(item, str) for item in lasso_kept)), "lasso_kept should be a list of item names such as '
                                               '\'A1\'"\n'
                                               ">>> assert 0 < len(lasso_kept) < 25, 'the lasso keeps some but not all of the 25 items here: look for coefficients that are not exactly zero'\n"
                                               ">>> assert r2_lasso_test < 0.2 and r2_ridge_test < 0.2, 'these are R^2 values on the new people (X_test, y_test), which are small'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
