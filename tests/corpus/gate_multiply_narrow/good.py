"""A gated summary of an LSTM state: the gate is half as wide as the state it gates."""
from tensorflow.keras import Input, Model
from tensorflow.keras.layers import LSTM, Dense, Multiply

inputs = Input(shape=(20, 6))
h = LSTM(48)(inputs)
gate = Dense(48, activation="sigmoid")(h)
gated = Multiply()([h, gate])
outputs = Dense(3, activation="softmax")(gated)
model = Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
