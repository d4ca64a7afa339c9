"""Keras reference models and training helpers (these modules import Keras when used).

    dense         the chapters' reference networks: regressor, classifier, the regularisation twin
    training      seeded fitting without touching the learner's global seeds, penalty-free scores
    augmentation  the augmentation block of chapter 09
    optimizers    Keras' optimizers on the steps of a numpy problem (the oracle of nn.optim), and their
                  validation curves on a real task (06)
    cnn           chapter 10's CNNs: the digits CNN, LeNet-5, AlexNet, the residual block, parameter counts
    char_rnn      chapter 11's character-level GRU language model and its numpy text generator
"""
