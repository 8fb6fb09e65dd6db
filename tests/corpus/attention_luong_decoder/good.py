"""Luong attention in a seq2seq decoder: context vectors are joined to the decoder outputs."""
from tensorflow import keras

vocab_in, vocab_out, units = 50, 40, 16

enc_tokens = keras.Input(shape=(None,))
dec_tokens = keras.Input(shape=(None,))
enc_emb = keras.layers.Embedding(vocab_in, 8)(enc_tokens)
enc_seq, h, c = keras.layers.LSTM(units, return_sequences=True, return_state=True)(enc_emb)
dec_emb = keras.layers.Embedding(vocab_out, 8)(dec_tokens)
dec_seq = keras.layers.LSTM(units, return_sequences=True)(dec_emb, initial_state=[h, c])
context = keras.layers.Attention()([dec_seq, enc_seq])
joined = keras.layers.Concatenate(axis=-1)([context, dec_seq])
probs = keras.layers.TimeDistributed(keras.layers.Dense(vocab_out, activation="softmax"))(joined)
model = keras.Model([enc_tokens, dec_tokens], probs)
