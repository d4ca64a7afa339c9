"""Reference implementations in numpy: what the chapters build by hand, checked against Keras.

    activations    activation functions and their derivatives                      (chapter 02)
    losses         loss functions with their Keras names, and their gradients      (03, 05)
    layers         forward/backward pairs with a cache: dense, activation, dropout,
                   batch norm, layer norm                                           (03, 05, 08)
    init           weight initialisation: He, Xavier/Glorot                         (05)
    optim          optimizers behind one step(params, grads) interface, schedules,
                   clipping                                                         (06)
    gradcheck      numerical_gradient, rel_error                                    (05)
    perceptron     the perceptron and its learning rule; scikit-learn's, matched    (01)
    linear         one-weight gradient descent, linear regression, mini-batch SGD   (04)
    mlp            a numpy multi-layer perceptron: forward, backward, training      (03, 05)
    regularization weight penalties and training diagnostics                        (08)
    conv           2-D convolution (loops, im2col) and pooling, forward and backward,
                   the residual block at inference                                 (10)
    rnn            SimpleRNN, LSTM and GRU steps and sequences matched to Keras, BPTT,
                   bidirectional layers, the gradient through time                  (11)
    sampling       softmax with a temperature, sampling the next character          (11)

Later chapters add attention, transformer and generative here.
"""
