"""Import with a fallback (tf.keras or standalone keras), then a multi-input model."""
try:
    from tensorflow import keras
except ImportError:
    import keras

layers = keras.layers

series = keras.Input(shape=(30, 2))
calendar = keras.Input(shape=(30, 7))
x = layers.Concatenate()([series, layers.LSTM(7)(calendar)])  # error: LST112
x = layers.LSTM(16)(x)
model = keras.Model([series, calendar], layers.Dense(1)(x))
