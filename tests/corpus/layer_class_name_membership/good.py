"""A test builds one model per pooling class and picks the input shape from the class' name
(`"2D" in pooling.__name__`, as hls4ml's tests do): images for the 2-D pooling layers,
sequences for the 1-D ones."""
import keras
import numpy as np
from keras import layers


def build(pooling):
    input_shape = (18, 15, 3) if "2D" in pooling.__name__ else (121, 3)
    model = keras.Sequential()
    model.add(keras.Input(shape=input_shape))
    model.add(pooling(pool_size=2))
    model.add(layers.Flatten())
    model.add(layers.Dense(1))
    return model


for pooling in (layers.MaxPooling1D, layers.AveragePooling2D):
    model = build(pooling)
    model.compile(optimizer="adam", loss="mse")
    model.predict(np.zeros((2, *model.input_shape[1:])), verbose=0)
