"""A subclassed classifier built by the data `fit` gives it, then used through `predict`."""
import numpy as np
import keras
from keras import layers


class SequenceClassifier(keras.Model):
    def __init__(self, n_classes):
        super().__init__()
        self.encoder = layers.Bidirectional(layers.LSTM(16))
        self.head = layers.Dense(n_classes, activation="softmax")

    def call(self, x):
        return self.head(self.encoder(x))


X = np.zeros((30, 15, 4), dtype="float32")
Y = np.eye(4)[np.random.randint(0, 3, size=(30,))]
model = SequenceClassifier(3)
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(X, Y, epochs=1, verbose=0)  # error: LST205
print(model.predict(X[:2], verbose=0))
