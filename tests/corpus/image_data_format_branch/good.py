"""A convnet on 28 x 40 images that picks its input layout from the backend's image data format."""
import numpy as np
import keras
from keras import backend as K
from keras import layers

img_rows, img_cols, num_classes = 28, 40, 10
x_train = np.zeros((64, img_rows, img_cols), dtype="float32")
y_train = keras.utils.to_categorical(np.arange(64) % num_classes, num_classes)

if K.image_data_format() == "channels_first":
    x_train = x_train.reshape(x_train.shape[0], 1, img_rows, img_cols)
    input_shape = (1, img_rows, img_cols)
else:
    x_train = x_train.reshape(x_train.shape[0], img_rows, img_cols, 1)
    input_shape = (img_rows, img_cols, 1)

model = keras.Sequential([
    keras.Input(shape=input_shape),
    layers.Conv2D(32, (3, 3), activation="relu"),
    layers.MaxPooling2D(pool_size=(4, 4)),
    layers.Conv2D(64, (5, 5), activation="relu"),
    layers.Flatten(),
    layers.Dense(num_classes, activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train, batch_size=32, epochs=1, verbose=0)
