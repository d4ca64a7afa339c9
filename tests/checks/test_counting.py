"""Tests of dlkit.checks.counting: the generator that counts shuffles draws like default_rng."""

import numpy as np

from dlkit.checks.counting import CountingGenerator


def test_counting_generator_draws_like_default_rng():
    g = CountingGenerator(3)
    np.testing.assert_array_equal(g.permutation(6), np.random.default_rng(3).permutation(6))
    idx = np.arange(4)
    g.shuffle(idx)
    g.integers(0, 3)
    assert g.shuffles == 2 and g.other_draws == 1 and isinstance(g, np.random.Generator)


def test_every_kind_of_draw_is_counted_once():
    g, ref = CountingGenerator(5), np.random.default_rng(5)
    np.testing.assert_array_equal(g.permuted(np.arange(5)), ref.permuted(np.arange(5)))
    assert g.choice(10) == ref.choice(10)                # choice may call integers inside: one draw
    assert g.random() == ref.random()
    assert g.shuffles == 1 and g.other_draws == 2
    # draws that are neither (normal) go uncounted but still follow default_rng
    assert g.normal() == ref.normal() and (g.shuffles, g.other_draws) == (1, 2)


def test_no_seed_still_makes_a_generator():
    g = CountingGenerator()
    assert 0 <= g.random() < 1 and g.other_draws == 1
