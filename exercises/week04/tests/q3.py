OK_FORMAT = True

test = {   'name': 'q3',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(reml_shift, (float, np.floating)) and isinstance(ml_shift, (float, np.floating)), 'reml_shift and ml_shift are single numbers: "
                                               "differences of two criteria'\n"
                                               ">>> assert abs(reml_shift) > 1, 'the REML criterion should move by several units when Days becomes Hours: did you use Hours in the fixed part of the "
                                               "second model?'\n"
                                               ">>> assert abs(ml_shift) < 0.1, 'the ML deviance should hardly move: the model is the same; did you fit both with REML=False and take .deviance?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
