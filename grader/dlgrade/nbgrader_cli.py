"""`python -m dlgrade.nbgrader_cli ARGS`: nbgrader's own command line, about 2 s faster to start.

jsonschema (which nbformat imports) loads rfc3987-syntax, when installed, to check the "iri" string
format, and that package builds an Earley parser at import: 2.2 s of CPU in every process that imports
nbformat, a third of nbgrader's start-up. No notebook schema uses the "iri" format, so the grader's own
nbgrader processes skip that check (a grading batch starts one per worker, `make test` about sixty).
Everything else is nbgrader's `main()`, unchanged.
"""

import sys

# None in sys.modules makes `import rfc3987_syntax` raise ImportError, which jsonschema expects
# when the optional package is absent.
sys.modules.setdefault("rfc3987_syntax", None)

from nbgrader.apps.nbgraderapp import main  # noqa: E402

if __name__ == "__main__":
    main()
