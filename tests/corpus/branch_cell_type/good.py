"""Choose GRU or LSTM with a flag; the rest of the model is shared."""
import keras
from keras import layers

cell_type = "gru"
bidirectional = True
n_steps, n_features = 16, 3

inputs = keras.Input(shape=(n_steps, n_features))
if cell_type == "gru":
    rnn = layers.GRU(16, return_sequences=True)
else:
    rnn = layers.LSTM(16, return_sequences=True)
if bidirectional:
    rnn = layers.Bidirectional(rnn)
x = rnn(inputs)
x = layers.LSTM(8)(x)
model = keras.Model(inputs, layers.Dense(1)(x))
