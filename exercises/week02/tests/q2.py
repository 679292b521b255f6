OK_FORMAT = True

test = {   'name': 'q2',
    'points': 2,
    'suites': [   {   'cases': [   {   'code': '>>> import numpy as np\n'
                                               '>>> import mmlib\n'
                                               ">>> assert isinstance(icc, (float, np.floating)), 'icc should be a single number (a float)'\n"
                                               '>>> assert float(icc) <= 1, "an ICC above 1 is impossible: divide the participants\' variance by the sum of both variances, not by the residual '
                                               'variance alone"\n'
                                               ">>> assert float(icc) > 0, 'the ICC is a share of a variance: a number between 0 and 1'\n"
                                               ">>> _vc = mmlib.lmer('Reaction ~ Days + (1 | Subject)', mmlib.load_data('sleepstudy')).varcorr.set_index('grp')['sdcor']\n"
                                               ">>> assert not np.isclose(float(icc), _vc['Subject'] / _vc.sum(), rtol=0.0001), 'you used the standard deviations (sdcor); the ICC is a ratio of "
                                               "variances (vcov)'\n",
                                       'hidden': False,
                                       'locked': False,
                                       'points': 0}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
