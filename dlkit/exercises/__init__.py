"""One module per chapter: its exercises, each defined once (dlkit.checks.exercise.Exercise).

    ch00_welcome ... ch11_rnn      `from dlkit.exercises import ch01_perceptron as ex` in the chapter;
                                   `ex.weighted_sum.check(weighted_sum)` runs the visible checks,
                                   `ex.weighted_sum.hint()` gives hints; the grader (dlgrade.referee)
                                   uses the same definitions for its verdicts.
"""
