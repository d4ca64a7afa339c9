"""nbgrader configuration of the course (used by `make release`, the tests and instructors).

    solutions/NN_slug/   source: solutions and hidden tests (built from authoring/ by `make notebooks`)
    course/NN_slug/      release: what learners get (generated, committed, never edited by hand)
    grading/             submitted/, autograded/, feedback/ and gradebook.db (ignored by git)
"""

import os

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, GetGrades, LimitOutput, SaveAutoGrades

from dlgrade.preprocessors import RefereeExecute, StderrToStdout, StripHiddenTests
from dlkit.env import QUIET_ENV

c = get_config()  # noqa: F821 (provided by nbgrader)

here = os.path.dirname(os.path.abspath(__file__))
grading = os.environ.get("DLCOURSE_GRADING_DIR", os.path.join(here, "grading"))
os.makedirs(grading, exist_ok=True)

c.CourseDirectory.course_id = "dlcourse"
c.CourseDirectory.root = here
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "course"
c.CourseDirectory.submitted_directory = os.path.join(grading, "submitted")
c.CourseDirectory.autograded_directory = os.path.join(grading, "autograded")
c.CourseDirectory.feedback_directory = os.path.join(grading, "feedback")
# timeout=60: parallel graders (tools/grade.py) wait for SQLite's write lock instead of failing.
c.CourseDirectory.db_url = os.environ.get(
    "DLCOURSE_DB_URL", "sqlite:///" + os.path.join(grading, "gradebook.db") + "?timeout=60")
# Only the chapter notebook and the data files it makes itself belong in a release.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*"]

# Grading: a cell that runs past the timeout is interrupted and scores zero; the notebook goes on.
c.Execute.timeout = int(os.environ.get("DLCOURSE_CELL_TIMEOUT", "120"))
c.Execute.interrupt_on_timeout = True
# RefereeExecute = Execute, with every graded test cell decided in this process from the values the
# learner's code returns (dlgrade/referee.py): nothing the kernel prints or raises changes a score.
# Warnings on stderr never zero a correct answer (StderrToStdout, dlgrade/preprocessors.py).
c.Autograde.autograde_preprocessors = [
    RefereeExecute,
    StderrToStdout,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
# Feedback tells the learner which check failed and why, without showing hidden tests.
c.GenerateFeedback.preprocessors = [GetGrades, StripHiddenTests, CSSHTMLHeaderPreprocessor]
c.LimitOutput.max_lines = 500
c.LimitOutput.max_traceback = 100
# Keep TensorFlow's C++ start-up chatter out of every executed notebook (kernels inherit this environment).
for key, value in QUIET_ENV.items():
    os.environ.setdefault(key, value)
