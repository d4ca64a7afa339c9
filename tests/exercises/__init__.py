"""Unit tests of dlkit.exercises: references, judges and hidden-case builders, without a kernel."""

from dlkit.checks import wire


def verdicts(exercise, target, cases):
    """The exercise's verdict on `target` for each case, its answers passed through the wire format as at
    grading time: None where a case passes, the CheckError where it fails."""
    return [exercise.verdict(c, wire.roundtrip(exercise.run(target, c.inputs))) for c in cases]
