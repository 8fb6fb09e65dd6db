"""Video classification: a small CNN applied to every frame, then an LSTM over the frames."""
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, TimeDistributed, Conv2D, MaxPooling2D, Flatten, LSTM, Dense, Dropout

n_frames, height, width, channels = 8, 64, 64, 3
n_classes = 5

model = Sequential()
model.add(Input(shape=(n_frames, height, width, channels)))
model.add(TimeDistributed(Conv2D(16, (3, 3), activation="relu")))
model.add(TimeDistributed(MaxPooling2D((2, 2))))
model.add(TimeDistributed(Conv2D(32, (3, 3), activation="relu")))
model.add(TimeDistributed(MaxPooling2D((2, 2))))
model.add(Flatten())
model.add(LSTM(64))  # error: LST101
model.add(Dropout(0.3))
model.add(Dense(n_classes, activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
