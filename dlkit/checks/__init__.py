"""Learner-facing checks: arrays and Keras models, and the exercise engine of every chapter.

    arrays     check_close, check_equal, check_shape, check_type, check_finite
    keras      model summaries as plain data; architecture, compile and held-out checks (imports Keras)
    wire       values as plain data: what crosses from a learner's kernel to the grader
    exercise   Exercise, Case, Tester: one definition per exercise, visible checks and refereed checks

Every check returns None when the value is right and otherwise raises `CheckError` (see dlkit.errors).
"""

from dlkit.checks.arrays import check_close, check_equal, check_finite, check_shape, check_type
from dlkit.errors import CheckError

__all__ = ["CheckError", "check_shape", "check_type", "check_close", "check_equal", "check_finite"]
