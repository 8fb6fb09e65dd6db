"""Hyper-parameters in a dataclass, read as attributes when the model is built."""
from dataclasses import dataclass

import tensorflow as tf


@dataclass
class Config:
    window: int = 24
    features: int = 3
    units: int = 32
    horizon: int = 4


cfg = Config()
model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(cfg.window,)),
    tf.keras.layers.LSTM(cfg.units),  # error: LST101
    tf.keras.layers.Dense(cfg.horizon),
])
