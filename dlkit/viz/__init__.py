"""Figures and explorers: the course style, shared plots, the one explorer helper, every explorer.

    style        palette, use_style, new_figure, label
    plots        decision boundaries, histories, activation curves
    explorer     controls -> pure state function -> figure: the wiring, written once
    scaling, perceptron, activations, losses, descent, gradients, trajectories, curves, ridge, images, conv, rnn
                 each chapter's figures and explorer (state, figure, explorer)
"""
