OK_FORMAT = True

test = {   'name': 'q7',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> assert 0 <= observed_auc <= 1 and 0 < p_value <= 1, 'observed_auc is an AUC and p_value a probability: permutation_test_score returns (score, "
                                               "permutation_scores, pvalue)'\n"
                                               ">>> assert p_value >= 1 / 101, 'with 100 permutations the smallest possible p value is 1 / 101'\n"
                                               ">>> assert 0.5 < null_95th < 1, 'null_95th is the 95th percentile of the 100 permuted AUCs, above 0.5'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
