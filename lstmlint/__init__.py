"""lstmlint: a static shape checker for Keras recurrent models."""

__version__ = "0.1.0"
