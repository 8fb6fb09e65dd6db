"""A factory taking a config dict and returning a Sequential regressor."""
from keras.models import Sequential
from keras.layers import Input, LSTM, Dense, Dropout

CONFIG = {"window": 30, "features": 2, "units": [24, 12], "dropout": 0.2}


def make_regressor(cfg):
    model = Sequential()
    model.add(Input(shape=(cfg["window"], cfg["features"])))
    model.add(LSTM(cfg["units"][0], return_sequences=True))
    model.add(Dropout(cfg["dropout"]))
    model.add(LSTM(cfg["units"][1]))
    model.add(Dense(1))
    return model


regressor = make_regressor(CONFIG)
regressor.compile(loss="mae", optimizer="adam")
