"""The exercise workflow: release each week's exercises, and grade a class's submissions.

Not part of :mod:`mmlib` (the statistics the course teaches) but the course's tooling, kept at
the top of the repository beside it and run as ``python -m grading`` by ``make exercises`` and
``make grade``.

- :mod:`grading.assign` turns a master notebook (otter-assign format) into the student notebook,
  its public tests, the autograder and the worked solutions the book shows.
- :mod:`grading.grade` grades submissions: each runs untrusted in its own sandbox process
  (:mod:`grading.runner`), only plain answer values come back (:mod:`grading.values`), and every
  test runs in the grader. Its docstring explains the design.
"""
