# lstmlint: keras-version = 3
# Keras 2 code moved to Keras 3: a Lambda averaging over time with keras.ops.
import keras
from keras import layers

inputs = keras.Input(shape=(20, 8))
x = layers.LSTM(16, return_sequences=True)(inputs)
pooled = layers.Lambda(lambda t: keras.ops.mean(t, axis=1))(x)
outputs = layers.Dense(1, activation="sigmoid")(pooled)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
