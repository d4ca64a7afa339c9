"""Offline data: generators and the sets bundled with installed packages; nothing is downloaded.

    synthetic   logic gates, blobs, separable points, the line y = 2x, regression and polynomial data
    digits      scikit-learn's 8x8 digits: a seeded, stratified, standardised split; 08's small-data set
    tabular     a concrete-strength-like regression table, column normalisation
    images      drawn shape images, image folders and CSV labels, class weights, channel statistics
    sequences   the sequence sum, the majority-of-three task, a seasonal series split in time, naive forecasts
    text        Python's own help pages as a corpus, character encoding, consecutive splits, windows
"""
