"""Small helpers shared by the test modules."""
from __future__ import annotations


def shown(value: float, printed: str) -> bool:
    """True if ``value`` rounds to ``printed``, a number as R prints it (half a unit in its last digit).

    Reference values from lme4's printed output carry only the digits R shows; this is the honest
    comparison for them.
    """
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(value - float(printed)) <= 0.5 * 10.0**-decimals * (1 + 1e-9)
