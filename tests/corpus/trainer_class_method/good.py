"""A plain Python Trainer class stores the sizes and builds the model in a method."""
import keras
from keras import layers


class Trainer:
    def __init__(self, n_steps, n_features, units=(32, 16)):
        self.n_steps = n_steps
        self.n_features = n_features
        self.units = units

    def build_model(self):
        model = keras.Sequential()
        model.add(keras.Input(shape=(self.n_steps, self.n_features)))
        model.add(layers.LSTM(self.units[0], return_sequences=True))
        model.add(layers.LSTM(self.units[1]))
        model.add(layers.Dense(1))
        model.compile(optimizer="adam", loss="mse")
        return model


trainer = Trainer(12, 3)
model = trainer.build_model()
