"""Warning categories for numerical trouble in mmlib's model fits.

Bad *input* raises ``ValueError``, ``TypeError`` or ``KeyError`` at the public
boundary. Numerical *trouble* with valid input (an optimiser that stopped
early, a variance estimated as zero) is reported with the warnings below, so
that a notebook can filter or escalate them by category:

>>> import warnings
>>> from mmlib.exceptions import SingularFitWarning
>>> with warnings.catch_warnings():
...     warnings.simplefilter("error", SingularFitWarning)  # make them fatal
"""

__all__ = ["ConvergenceWarning", "SingularFitWarning"]


class ConvergenceWarning(UserWarning):
    """The optimiser stopped before it met its convergence criteria.

    The estimates may be off; try rescaling predictors, a simpler
    random-effects structure, or more iterations.
    """


class SingularFitWarning(UserWarning):
    """The fit is on the boundary of the parameter space (lme4's "singular fit").

    A variance component was estimated as zero or a correlation as +/-1: the
    random-effects structure is richer than the data support.
    """
