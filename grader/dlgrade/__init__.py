"""dlgrade: the instructor's toolkit of the course. Learners never need it; nothing in dlkit imports it.

    course         where things are: the course root, its chapters, its notebooks, its configuration
    notebooks      nbgrader cells: graded cells, answers, filling in solutions, scores from a gradebook
    build          authoring/NN_slug.py -> solutions/NN_slug/NN_slug.ipynb (python -m dlgrade.build)
    release        solutions/ -> course/ with nbgrader (python -m dlgrade.release)
    referee        grading decided in the grader's process, from the values a kernel returns
    preprocessors  the nbgrader preprocessors of nbgrader_config.py (referee, stderr, feedback)
    catalogue      wrong- and right-answer catalogues: loading, edits against the solution
    harness        runs catalogued answers through the referee in one kernel
    scan           what in a submission deserves a human look
    batch          grade a class in parallel into a CSV (python -m dlgrade.batch, make grade)
    bench          time and memory of every solution notebook (make bench)
    bench_grading  batch grading speed (make bench-grading)
"""
