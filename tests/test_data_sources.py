"""Where data comes from (issue 10, item 2): NumPy, ``to_categorical``, TensorFlow tensors made
from data, ``tf.data`` pipelines, ``timeseries_dataset_from_array``, ``pad_sequences``. Shapes
are compared with the real values (the snippets are ours); findings with real Keras."""

from __future__ import annotations

import pytest
from frontend_keras import agree_on_error, compare, errors, interpret

HEAD = """
import numpy as np
import tensorflow as tf
import keras
from keras import layers
from keras.utils import to_categorical, pad_sequences
labels = np.random.randint(0, 5, size=(40,))
"""


@pytest.mark.parametrize("make", [
    "np.eye(5)[labels]",
    "np.eye(24, 1)",
    "np.eye(4, M=6)",
    "np.identity(3)",
    "np.zeros((10, 4))[np.random.permutation(10)]",
    "np.zeros((10, 4))[[0, 2, 3]]",
    "np.concatenate([np.zeros((10, 4)), np.zeros((6, 4))])",
    "np.concatenate([np.zeros((10, 4)), np.zeros((10, 2))], axis=-1)",
    "np.stack([np.zeros((10, 4)), np.zeros((10, 4))])",
    "np.stack([np.zeros((10, 4)), np.zeros((10, 4))], axis=-1)",
    "np.vstack([np.zeros((10, 4)), np.zeros((6, 4))])",
    "np.vstack([np.zeros(4), np.zeros(4)])",
    "np.hstack([np.zeros((10, 4)), np.zeros((10, 2))])",
    "np.hstack([np.zeros(4), np.zeros(3)])",
    "np.column_stack([np.zeros(4), np.zeros(4)])",
    "np.dstack([np.zeros((3, 4)), np.zeros((3, 4))])",
    "np.transpose(np.zeros((2, 3, 4)))",
    "np.transpose(np.zeros((2, 3, 4)), (0, 2, 1))",
    "np.zeros((2, 3, 4)).transpose(0, 2, 1)",
    "np.zeros((10, 4))[:, :, np.newaxis]",
    "np.zeros((10, 4))[..., None]",
    "np.squeeze(np.zeros((10, 4, 1)), axis=-1)",
    "np.zeros((10, 1, 4, 1)).squeeze()",
    "np.zeros((10, 4)).astype('float32')",
    "np.zeros((10, 4)).reshape(-1, 2, 2)",
    "to_categorical(labels, num_classes=5)",
    "to_categorical(labels.reshape(-1, 1), 5)",
    "tf.one_hot(labels, 5)",
    "tf.constant(np.zeros((3, 4)))",
    "tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])",
    "tf.convert_to_tensor(np.zeros((3, 4)))",
    "tf.cast(np.zeros((3, 4)), tf.float32)",
    "tf.zeros((3, 7))",
    "tf.ones([2, 5])",
    "tf.random.normal((2, 9))",
    "tf.random.uniform(shape=(4, 2, 3))",
    "tf.reshape(np.zeros((4, 6)), (-1, 3, 2))",
    "tf.expand_dims(np.zeros((4, 6)), -1)",
    "tf.concat([np.zeros((4, 6)), np.zeros((4, 2))], axis=1)",
    "pad_sequences([[1, 2], [3], [4, 5, 6]], maxlen=10)",
    "pad_sequences([[1, 2], [3], [4, 5, 6]])",
])
def test_array_shapes(make: str) -> None:
    compare(HEAD + f"A = {make}\n", ["A"])


def test_to_categorical_without_num_classes_keeps_the_rank_only() -> None:
    interp = interpret(HEAD + "A = to_categorical(labels)\nB = to_categorical(labels.reshape(-1, 1))\n")
    for name in ("A", "B"):
        dims = interp.globals[name].dims
        assert len(dims) == 2 and dims[0] == 40 and not isinstance(dims[1], int), dims


def test_boolean_masks_and_unknown_data_stay_unknown() -> None:
    interp = interpret(HEAD + """
import pandas as pd
X = np.zeros((10, 4))
M = X[X[:, 0] > 0]
D = pd.read_csv("f.csv").values
E = np.eye(3)[D]
""")
    from lstmlint.interp.overlays.values import ArrayValue
    for name in ("M", "D", "E"):
        assert not isinstance(interp.globals[name], ArrayValue), name


# ------------------------------------------------------------------- targets against models
CLASSIFIER = """
X = np.zeros((40, 12, 3))
model = keras.Sequential([keras.Input((12, 3)), layers.LSTM(8), layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""


@pytest.mark.parametrize("target, raises", [
    ("np.eye(5)[labels]", True),
    ("np.eye(4)[labels % 4]", False),
    ("tf.one_hot(labels, 5)", True),
    ("tf.one_hot(labels % 4, 4)", False),
    ("to_categorical(labels, num_classes=5)", True),
    ("to_categorical(labels % 4, num_classes=4)", False),
    ("np.eye(40, 1)", True),
    ("to_categorical(labels % 4)", False),      # width from the values: not known, never an error
])
def test_one_hot_targets(target: str, raises: bool) -> None:
    code = HEAD + CLASSIFIER + f"model.fit(X, {target}, epochs=1, verbose=0)\n"
    agree_on_error(code, "LST205" if raises else None)


def test_sparse_loss_with_one_hot_target() -> None:
    code = HEAD + CLASSIFIER.replace("categorical_crossentropy", "sparse_categorical_crossentropy") + \
        "model.fit(X, np.eye(4)[labels % 4], epochs=1, verbose=0)\n"
    agree_on_error(code, "LST205")


PIPE = """
X = np.zeros((32, 12, 3), dtype="float32")
y = np.zeros((32, 4), dtype="float32")
model = keras.Sequential([keras.Input((12, 3)), layers.LSTM(8), layers.Dense(4)])
model.compile(optimizer="adam", loss="mse")
"""


@pytest.mark.parametrize("pipeline, code_expected", [
    ("tf.data.Dataset.from_tensor_slices((X, y)).shuffle(32).batch(8).prefetch(2)", None),
    ("tf.data.Dataset.from_tensor_slices((X, y)).batch(8).repeat().take(3).cache()", None),
    ("tf.data.Dataset.from_tensor_slices((X, y)).batch(8).map(lambda a, b: (a, b))", None),
    ("tf.data.Dataset.zip((tf.data.Dataset.from_tensor_slices(X), tf.data.Dataset.from_tensor_slices(y))).batch(8)",
     None),
    ("tf.data.Dataset.from_tensor_slices((X[:, :10], y)).batch(8)", None),    # an LSTM takes any length
    ("tf.data.Dataset.from_tensor_slices((X[:, :, :2], y)).batch(8)", "LST207"),
    ("tf.data.Dataset.from_tensor_slices((X, y[:, :2])).batch(8)", "LST205"),
    ("tf.data.Dataset.from_tensor_slices((X, y[:, :1])).batch(8)", "LST208"),
    ("tf.data.Dataset.from_tensor_slices((X, y))", "LST207"),   # not batched: each element is a batch
    ("tf.data.Dataset.from_tensor_slices((X, y)).batch(8).map(lambda a, b: (a[:, :10], b))", None),
])
def test_tf_data_pipelines(pipeline: str, code_expected: str | None) -> None:
    code = HEAD + PIPE + f"ds = {pipeline}\nmodel.fit(ds, epochs=1, verbose=0)\n"
    if code_expected == "LST208":      # mse broadcasting: Keras runs, lstmlint warns
        agree_on_error(code, None)
        return
    if pipeline.endswith("(a[:, :10], b))"):   # a map that changes the data is not followed
        assert errors(code) == []
        return
    agree_on_error(code, code_expected)


def test_functional_model_checks_dataset_steps() -> None:
    code = HEAD + PIPE.replace("keras.Sequential([keras.Input((12, 3)), layers.LSTM(8), layers.Dense(4)])",
                               "keras.Model(inp := keras.Input((12, 3)), layers.Dense(4)(layers.LSTM(8)(inp)))")
    code = code.replace("model = keras.Model(inp := keras.Input((12, 3)),", "inp = keras.Input((12, 3))\nmodel = keras.Model(inp,")
    ok = code + "model.fit(tf.data.Dataset.from_tensor_slices((X, y)).batch(8), epochs=1, verbose=0)\n"
    agree_on_error(ok, None)
    agree_on_error(ok.replace("from_tensor_slices((X, y))", "from_tensor_slices((X[:, :10], y))"), "LST207")


@pytest.mark.parametrize("length, flatten", [(12, False), (10, False), (10, True)])
def test_timeseries_dataset(length: int, flatten: bool) -> None:
    """The windows' length is not static in the dataset Keras makes ((None, None, 3)): a model
    that takes any length runs; only the layer weights can tell (not followed: no error)."""
    code = HEAD + f"""
series = np.zeros((200, 3), dtype="float32")
targets = np.zeros((200,), dtype="float32")
ds = keras.utils.timeseries_dataset_from_array(series, targets, sequence_length={length}, batch_size=16)
inp = keras.Input((12, 3))
model = keras.Model(inp, layers.Dense(1)({"layers.Flatten()" if flatten else "layers.LSTM(4)"}(inp)))
model.compile(optimizer="adam", loss="mse")
model.fit(ds, epochs=1, verbose=0)
"""
    if flatten:
        assert errors(code) == []
    else:
        agree_on_error(code, None)


def test_pad_sequences_into_embedding_model() -> None:
    code = HEAD + """
seqs = pad_sequences([[1, 2], [3], [4, 5, 6]], maxlen=20)
inp = keras.Input((10,))
model = keras.Model(inp, layers.Dense(1)(layers.LSTM(4)(layers.Embedding(10, 4)(inp))))
model.predict(seqs, verbose=0)
"""
    agree_on_error(code, "LST207")
    agree_on_error(code.replace("maxlen=20", "maxlen=10"), None)
