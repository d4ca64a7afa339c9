"""dlkit: the learner's library of the deep-learning course.

Chapters import from here; nothing here imports a notebook or the instructors' grading tools (dlgrade).
The packages, in the one direction their imports go (a package uses only those above it):

    env, errors, validate, progress   the environment, the one way to fail, argument checks, progress bars
    nn          numpy reference implementations: activations, losses, layers, init, optim, gradcheck,
                perceptron, linear models, mlp, regularization, conv, rnn, sampling
    data        offline data: generators, scikit-learn's digits, a concrete-like table, drawn images,
                synthetic series, Python's own documentation as text
    checks      learner-facing checks (arrays, Keras models), the wire format, the exercise engine
    models      Keras reference models and seeded training helpers
    viz         the plot style, shared plots, the one explorer helper and every chapter's explorer
    exercises   each chapter's exercises: cases, references, judges and hints, defined once

Symbols and names used everywhere are listed in docs/NAMING.md.
"""

__version__ = "0.2.0"


def setup_notebook(seed=None):
    """Prepare a chapter notebook: quiet TensorFlow, the course plot style, short check failures.

    A failed check (dlkit.errors.CheckError) is shown as its message alone, without a traceback
    through dlkit's code.

    Args:
        seed: optional int; if given, returns ``np.random.default_rng(seed)`` for the notebook to use.
    """
    from dlkit import env
    from dlkit.viz import style

    env.quiet_tensorflow()
    style.use_style()
    _short_check_errors()
    if seed is not None:
        import numpy as np

        return np.random.default_rng(seed)
    return None


def _short_check_errors() -> None:
    """In an IPython kernel, display a CheckError as 'CheckError: <message>' (no traceback)."""
    try:
        shell = get_ipython()  # noqa: F821 (defined in IPython only)
    except NameError:
        return
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return
    from dlkit.errors import CheckError

    def show(self, etype, value, tb, tb_offset=None):
        stb = [f"\x1b[0;31m{etype.__name__}\x1b[0m: {value}"]
        self._showtraceback(etype, value, stb)
        return stb

    shell.set_custom_exc((CheckError,), show)
