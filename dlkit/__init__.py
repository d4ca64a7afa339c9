"""dlkit: the shared code of the deep-learning course.

Chapters import from here; nothing here imports a notebook. One module per concept:

    env        versions, CPU/GPU, Colab/Binder detection, quiet TensorFlow
    checks     learner-facing checks with actionable messages (check_shape, check_close, ...)
    gradcheck  numerical_gradient, rel_error
    plots      colour-blind-safe style and figure helpers (each returns the figure)
    widgets    ipywidgets explorers wired to pure compute + plot functions
    data       offline data sets and generators
    perceptron the perceptron of chapter 01
    activations activation functions and their derivatives (chapter 02)
    losses     loss functions with their Keras names, and their gradients (chapter 03)
    layers     forward/backward pairs with a cache: dense, activations (chapters 03, 05)
    gradient_descent  cost/gradient of one weight, the update rule, mini-batch SGD, the descent explorer (04)
    mlp        a numpy MLP (forward, backward, SGD training), per-layer gradient norms and their explorer (05)
    optim      optimizers behind one step(params, grads) interface, LR schedules, clipping, trajectories (06)
    tabular    concrete-strength-like regression data, normalize, reference Keras models, curve explorer (07)
    keras_checks  checks for Keras models: architecture, compile configuration, held-out metric (07)
    regularization  dropout, batch/layer norm, L1/L2, curve diagnosis, the small-data twin, ridge explorer (08)
    images     drawn shape images, image folders + CSV, class weights, standardisation, augmentation (09)
    grading    nbgrader helpers: stderr handling, integrity checks, feedback, answer harness
    integrity  what the grader fingerprints inside a learner's kernel
    progress   notebook progress bars for training loops and Keras fit (widgets, never stderr)
"""

__version__ = "0.1.0"


def setup_notebook(seed=None):
    """Prepare a chapter notebook: silence TensorFlow's C++ logs, apply the course plot style.

    Args:
        seed: optional int; if given, returns ``np.random.default_rng(seed)`` for the notebook to use.
    """
    from dlkit import env, plots

    env.quiet_tensorflow()
    plots.use_style()
    if seed is not None:
        import numpy as np

        return np.random.default_rng(seed)
    return None
