"""A helper empties a scratch dict; a dict of sizes made right after it sizes two skip branches."""
import keras
from keras import layers


def scratch():
    tmp = {"a": 1, "b": 2}
    tmp.popitem()  # from here on, what tmp holds is not known to the analysis
    return None


scratch()
sizes = {"a": 64, "b": 64}  # a new dict, which Python may place where the freed scratch dict was
inp = keras.Input((10,))
a = layers.Dense(sizes["a"])(inp)
b = layers.Dense(sizes["b"])(inp)
out = layers.Add()([a, b])
model = keras.Model(inp, out)
