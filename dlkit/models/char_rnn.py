"""A character-level language model (chapter 11): Keras trains it, numpy generates with its weights.

Symbols (docs/NAMING.md): V characters in the vocabulary, E embedding width, H GRU units, T characters
per training window, N windows.

    char_model(V, H, E)      Input (None,) ints -> Embedding(V, E) -> GRU(H, return_sequences=True) -> Dense(V)
                             the Dense layer outputs logits: train with
                             SparseCategoricalCrossentropy(from_logits=True) on the next character of every step
    char_weights(model)      its weights as numpy arrays {"E", "Wx", "Wh", "b", "W", "b_out"}
    generate(weights, ...)   the model run one character at a time in numpy: embedding row -> GRU step
                             (dlkit.nn.rnn.gru_step_forward, or your own step) -> logits -> a sampled character

Generation needs no Keras: the GRU step of dlkit reproduces keras.layers.GRU (reset_after=True), so the
weights Keras learned drive a numpy loop of a few lines, one character per step, carrying the state.

Example:
    >>> w = {"E": np.eye(2), "Wx": np.zeros((2, 3)), "Wh": np.zeros((1, 3)), "b": np.zeros((2, 3)),
    ...      "W": np.zeros((1, 2)), "b_out": np.array([0.0, 50.0])}               # always predicts 1
    >>> generate(w, [0], 4, temperature=1.0, rng=0).tolist()
    [1, 1, 1, 1]
"""

from __future__ import annotations

import numpy as np

from dlkit import validate
from dlkit.errors import fail, type_name
from dlkit.nn.rnn import gru_step_forward
from dlkit.nn.sampling import sample_with_temperature

__all__ = ["char_model", "char_weights", "generate", "WEIGHT_NAMES"]

WEIGHT_NAMES = ("E", "Wx", "Wh", "b", "W", "b_out")


def char_model(vocab_size, units=128, embed=16):
    """An uncompiled Sequential: Embedding(V, E) -> GRU(H, return_sequences=True) -> Dense(V) (logits).

    Example:
        >>> model = char_model(30, units=8, embed=4)
        >>> [type(layer).__name__ for layer in model.layers], model.count_params()
        (['Embedding', 'GRU', 'Dense'], 726)
    """
    where = "char_model"
    V = validate.integer(vocab_size, "vocab_size", low=2, where=where)
    H = validate.integer(units, "units", low=1, where=where)
    E = validate.integer(embed, "embed", low=1, where=where)
    import keras

    return keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),                 # (N, T) character indices, any T
        keras.layers.Embedding(V, E),                              # (N, T, E)
        keras.layers.GRU(H, return_sequences=True),                # (N, T, H): a state after every character
        keras.layers.Dense(V),                                     # (N, T, V): logits of the next character
    ], name="char_gru")


def char_weights(model) -> dict:
    """The weights of a char_model as float64 numpy arrays.

    Returns:
        {"E": (V, E), "Wx": (E, 3H), "Wh": (H, 3H), "b": (2, 3H), "W": (H, V), "b_out": (V,)}.
    """
    arrays = [np.asarray(w, dtype=float) for w in model.get_weights()]
    if len(arrays) != 6:
        raise fail("char_weights: the model is not a char_model", "Embedding, GRU and Dense weights (6 arrays)",
                   f"{len(arrays)} weight arrays")
    return dict(zip(WEIGHT_NAMES, arrays))


def generate(weights, prompt, length, temperature=1.0, rng=None, step=None, sample=None):
    """Continue `prompt` by `length` characters, one at a time.

        h = 0;  for each character: h = step(E[char], h);  logits = h W + b_out;  char = sample(logits)

    The prompt's characters are read first (they set the state); then every sampled character is fed
    back in as the next input.

    Args:
        weights: char_weights(model).
        prompt: a non-empty sequence of character indices.
        length: characters to generate, an int >= 0.
        temperature: > 0, passed to `sample`.
        rng: np.random.Generator or int seed: one generator for the whole text.
        step: function(x (1, E), h (1, H), Wx, Wh, b) -> h (1, H); default: dlkit's GRU step.
        sample: function(logits (1, V), temperature, rng) -> (1,) ints; default: dlkit's
            sample_with_temperature.

    Returns:
        (length,) int array: the generated indices (without the prompt).
    """
    where = "generate"
    if not isinstance(weights, dict) or set(weights) != set(WEIGHT_NAMES):
        raise fail(f"{where}: weights must be the dict char_weights(model) returns", f"the keys {list(WEIGHT_NAMES)}",
                   type_name(weights) if not isinstance(weights, dict) else f"the keys {sorted(weights)}")
    prompt = validate.array(prompt, "prompt", ndim=1, dtype=int, where=where)
    if prompt.size == 0:
        raise fail(f"{where}: prompt is empty", "at least one character index", "an empty sequence")
    length = validate.integer(length, "length", low=0, where=where)
    rng = validate.rng(rng, where=where)
    step = step or (lambda x, h, Wx, Wh, b: gru_step_forward(x, h, Wx, Wh, b)[0])
    sample = sample or sample_with_temperature
    E, Wx, Wh, b, W, b_out = (weights[k] for k in WEIGHT_NAMES)
    h = np.zeros((1, Wh.shape[0]))                                  # (1, H)
    for i in prompt:
        h = step(E[i][None], h, Wx, Wh, b)                          # (1, E), (1, H) -> (1, H)
    out = []
    for _ in range(length):
        logits = h @ W + b_out                                      # (1, H) @ (H, V) -> (1, V)
        nxt = int(np.asarray(sample(logits, temperature, rng)).reshape(-1)[0])
        out.append(nxt)
        h = step(E[nxt][None], h, Wx, Wh, b)
    return np.array(out, dtype=int)
