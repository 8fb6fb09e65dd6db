"""Toxic-comment style model: Bidirectional GRU over embeddings, max and mean pooled."""
import tensorflow as tf
from tensorflow.keras import layers

maxlen, max_features, embed_size = 60, 2000, 16

inp = layers.Input(shape=(maxlen,))
x = layers.Embedding(max_features, embed_size)(inp)
x = layers.SpatialDropout1D(0.2)(x)
x = layers.Bidirectional(layers.GRU(16))(x)
avg_pool = layers.GlobalAveragePooling1D()(x)  # error: LST104
max_pool = layers.GlobalMaxPooling1D()(x)  # error: LST104
conc = layers.concatenate([avg_pool, max_pool])
outp = layers.Dense(6, activation="sigmoid")(conc)
model = tf.keras.Model(inputs=inp, outputs=outp)
