"""An OCR-style CNN whose feature maps are reshaped into a sequence for two GRUs."""
import keras
from keras import layers

img_w, img_h = 128, 64
conv_filters, pool_size, rnn_size = 16, 2, 32

input_data = keras.Input(shape=(img_w, img_h, 1))
inner = layers.Conv2D(conv_filters, (3, 3), padding="same", activation="relu")(input_data)
inner = layers.MaxPooling2D(pool_size=(pool_size, pool_size))(inner)
inner = layers.Conv2D(conv_filters, (3, 3), padding="same", activation="relu")(inner)
inner = layers.MaxPooling2D(pool_size=(pool_size, pool_size))(inner)

conv_to_rnn_dims = (img_w // (pool_size ** 2), img_h * conv_filters)
inner = layers.Reshape(target_shape=conv_to_rnn_dims)(inner)  # error: LST106
inner = layers.Dense(32, activation="relu")(inner)
gru = layers.GRU(rnn_size, return_sequences=True)(inner)
y_pred = layers.Dense(28, activation="softmax")(gru)
model = keras.Model(inputs=input_data, outputs=y_pred)
model.summary()
