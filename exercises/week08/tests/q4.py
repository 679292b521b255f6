OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               ">>> assert isinstance(confusion, np.ndarray) and confusion.shape == (2, 2), 'confusion should be the 2 x 2 NumPy array from confusion_matrix(y_test, "
                                               "predicted)'\n"
                                               ">>> assert confusion.sum() == 840, 'the confusion matrix counts the 840 test respondents'\n"
                                               ">>> assert confusion[1].sum() == 564, 'row 1 is the true class 1 (recorded female): 564 test respondents. Is the true class the first argument of "
                                               "confusion_matrix?'\n"
                                               ">>> assert majority_accuracy < accuracy, 'the classifier should beat the majority baseline on plain accuracy, if only just'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
