"""A two-level U-Net: the decoder upsamples and joins the encoder's feature maps."""
import keras
from keras import layers

size = 30

inputs = keras.Input(shape=(size, size, 3))
c1 = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
p1 = layers.MaxPooling2D()(c1)
c2 = layers.Conv2D(16, 3, padding="same", activation="relu")(p1)
p2 = layers.MaxPooling2D()(c2)
b = layers.Conv2D(32, 3, padding="same", activation="relu")(p2)
u2 = layers.Conv2DTranspose(16, 2, strides=2, padding="same")(b)
m2 = layers.Concatenate()([u2, c2])  # error: LST112
d2 = layers.Conv2D(16, 3, padding="same", activation="relu")(m2)
u1 = layers.UpSampling2D()(d2)
m1 = layers.Concatenate()([u1, c1])
outputs = layers.Conv2D(1, 1, activation="sigmoid")(m1)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
