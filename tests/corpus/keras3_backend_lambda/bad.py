# lstmlint: keras-version = 3
# Keras 2 code moved to Keras 3: a Lambda averaging over time with the old backend API.
import keras
from keras import backend as K
from keras import layers

inputs = keras.Input(shape=(20, 8))
x = layers.LSTM(16, return_sequences=True)(inputs)
pooled = layers.Lambda(lambda t: K.mean(t, axis=1))(x)  # error: LST406
outputs = layers.Dense(1, activation="sigmoid")(pooled)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
