OK_FORMAT = True

test = {   'name': 'q4',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert 0 <= leaky_accuracy <= 1 and 0 <= honest_accuracy <= 1, 'accuracies are shares of correct predictions, between 0 and 1'\n"
                                               ">>> assert leaky_accuracy > honest_accuracy, 'selecting on all the data should inflate the score: is the selection inside the pipeline for "
                                               "honest_accuracy, and outside for leaky_accuracy?'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
