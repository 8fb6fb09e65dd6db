"""Encoder-decoder (teacher forcing): the encoder's final states start the decoder."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

num_encoder_tokens = 12
num_decoder_tokens = 9
latent_dim = 16

encoder_inputs = keras.Input(shape=(None, num_encoder_tokens))
encoder = layers.LSTM(latent_dim, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
encoder_states = [state_h, state_c]

decoder_inputs = keras.Input(shape=(None, num_decoder_tokens))
decoder_lstm = layers.LSTM(latent_dim, return_sequences=True, return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
decoder_dense = layers.Dense(num_decoder_tokens, activation="softmax")
decoder_outputs = decoder_dense(decoder_outputs)

model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)
model.compile(optimizer="rmsprop", loss="categorical_crossentropy")

enc_x = np.zeros((4, 7, num_encoder_tokens), dtype="float32")
dec_x = np.zeros((4, 5, num_decoder_tokens), dtype="float32")
dec_y = np.zeros((4, 5, num_decoder_tokens), dtype="float32")
model.fit([enc_x, dec_x], dec_y, batch_size=2, epochs=1, verbose=0)
