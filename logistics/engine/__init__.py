"""One engine for every analysis: a built model with its live solver, and the worker pool."""
