"""Character model: the output layer has one unit more than the one-hot charset it is added to."""
import keras
from keras import layers

chars = "0123456789+ "
maxlen = 7

inp = keras.Input(shape=(maxlen, len(chars)))
x = layers.LSTM(64, return_sequences=True)(inp)
x = layers.Dense(len(chars) + 1)(x)
x = layers.Add()([x, inp])  # error: LST110
out = layers.Activation("softmax")(x)
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="categorical_crossentropy")
