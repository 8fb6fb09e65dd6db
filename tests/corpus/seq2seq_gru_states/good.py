"""GRU translator: a GRU encoder hands its single state to a GRU decoder."""
import numpy as np
import tensorflow as tf

src_vocab, tgt_vocab = 40, 30
embed_dim, units = 8, 16

src = tf.keras.Input(shape=(None,), dtype="int32", name="source")
tgt = tf.keras.Input(shape=(None,), dtype="int32", name="target_in")

src_emb = tf.keras.layers.Embedding(src_vocab, embed_dim)(src)
_, enc_state = tf.keras.layers.GRU(units, return_state=True)(src_emb)

tgt_emb = tf.keras.layers.Embedding(tgt_vocab, embed_dim)(tgt)
dec_seq = tf.keras.layers.GRU(units, return_sequences=True)(tgt_emb, initial_state=enc_state)
logits = tf.keras.layers.Dense(tgt_vocab)(dec_seq)

model = tf.keras.Model([src, tgt], logits)
model.compile("adam", tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit([np.zeros((4, 6), "int32"), np.zeros((4, 5), "int32")], np.zeros((4, 5), "int32"), epochs=1, verbose=0)
