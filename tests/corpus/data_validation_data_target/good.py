"""Three-class classifier with a held-out `validation_data` split."""
import numpy as np
import keras
from keras import layers
from keras.utils import to_categorical

X = np.zeros((90, 12, 5), dtype="float32")
labels = np.random.randint(0, 3, size=(90,))
Y = to_categorical(labels, num_classes=3)
X_train, X_val = X[:70], X[70:]
Y_train, Y_val = Y[:70], Y[70:]

model = keras.Sequential([keras.Input(shape=(12, 5)), layers.GRU(16), layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(X_train, Y_train, validation_data=(X_val, Y_val), epochs=1, verbose=0)
