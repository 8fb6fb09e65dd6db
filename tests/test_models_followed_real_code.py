"""General constructs real scripts use that used to stop the analysis (issue 10).

Fast tier: lstmlint's interpreter only. The Keras facts each test mirrors were measured with
keras 3.15.1 and tf_keras 2.21 (the corpus pairs ``models_time_distributed_submodel`` and
``models_predict_proba_removed`` run the Keras 3 ones in real Keras):

* ``predict_proba``/``predict_classes``: neither Keras 3 nor tf_keras 2.21 models have them
  (``hasattr(keras.Sequential(...), "predict_proba") is False``); Keras 2.x's Sequential had
  ``predict_proba``, which returned ``predict``'s result.
* ``TimeDistributed(Sequential([Conv2D(4, (3, 3)), MaxPooling2D((2, 2))]))`` on
  ``Input(shape=(5, 10, 10, 3), batch_size=32)`` gives ``(32, 5, 4, 4, 4)``;
  ``TimeDistributed(Model(Input((10, 10, 3)), Conv2D(4, 3)(...)))`` on ``(None, 5, 10, 10, 3)``
  gives ``(None, 5, 8, 8, 4)``; on frames of ``(12, 12, 3)`` both Kerases raise
  ``Input 0 ... is incompatible with the layer``; ``TimeDistributed(Sequential([Dense(3)]))``
  on ``(None, 5, 6)`` gives ``(None, 5, 3)``.
* ``Sequential()``, ``add(RandomFlip(...))``, then ``add(Input(shape=(32, 32, 3)))`` and more
  layers: tf_keras passes the tensor through the ``InputLayer`` (``fit`` on ``(2, 32, 32, 3)``
  builds ``(None, 10)``; data of ``(20, 20, 3)`` frames is accepted too); Keras 3 raises
  ``Layers added to a Sequential model should have a single positional argument`` on ``fit``.
"""

from __future__ import annotations

import textwrap

from lstmlint.api import FileResult, lint_source
from lstmlint.interp.explain import explain_analysis
from lstmlint.report.coverage import lost_reasons
from lstmlint.settings import Options


def lint(body: str, keras: str = "3") -> FileResult:
    return lint_source(textwrap.dedent(body), "prog.py", Options(isolated=True, keras_version=keras))


def shapes(result: FileResult, layer: str) -> list[str]:
    assert result.analysis is not None
    return [str(t.shape) for a in result.analysis.applications if a.layer.cfg.display == layer for t in a.outputs]


def codes(result: FileResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def followed(result: FileResult) -> list[bool]:
    assert result.analysis is not None
    return [not lost_reasons(m) for m in result.analysis.models]


# ------------------------------------------------------------------ predict_proba
PROBA = """
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

model = Sequential()
model.add(Dense(8, input_dim=10, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(np.zeros((64, 10)), np.zeros((64, 1)))
y_pred = model.{method}(np.zeros((16, {width})), batch_size=8)
"""


def test_keras2_predict_proba_is_followed_and_checked_as_predict() -> None:
    for width in (10, 7):
        proba = lint(PROBA.format(method="predict_proba", width=width), keras="2")
        predict = lint(PROBA.format(method="predict", width=width), keras="2")
        assert codes(proba) == codes(predict)
        assert [d.message for d in proba.diagnostics] == [d.message for d in predict.diagnostics]
        assert followed(proba) == [True]
    assert codes(lint(PROBA.format(method="predict_proba", width=7), keras="2")) == ["LST207"]


def test_keras3_predict_proba_is_a_removed_method_and_its_fix_calls_predict() -> None:
    from lstmlint.fix import fix_source

    source = textwrap.dedent(PROBA.format(method="predict_proba", width=10))
    result = lint(source)
    assert codes(result) == ["LST404"]
    assert "no `predict_proba` method" in result.diagnostics[0].message
    out = fix_source(source, "prog.py", Options(isolated=True, keras_version="3"))
    assert "model.predict(np.zeros((16, 10)), batch_size=8)" in out.fixed
    assert codes(out.result) == []


# ------------------------------------------------------------------ TimeDistributed(model)
def test_time_distributed_around_a_sequential_model() -> None:
    result = lint(
        """
        import keras
        from keras import layers

        inner = keras.Sequential([layers.Conv2D(4, (3, 3)), layers.MaxPooling2D((2, 2))])
        outer = keras.Sequential([keras.Input(shape=(5, 10, 10, 3), batch_size=32), layers.TimeDistributed(inner)])
        w = layers.TimeDistributed(keras.Sequential([layers.Dense(3)]))(keras.Input((5, 6)))
        """
    )
    assert shapes(result, "TimeDistributed") == ["(32, 5, 4, 4, 4)", "(None, 5, 3)"]
    assert codes(result) == []
    assert all(followed(result))


FRAMES = """
import keras
from keras import layers

frame = keras.Input((10, 10, 3))
encoder = keras.Model(frame, layers.Conv2D(4, 3)(frame))
clip = keras.Input(({steps}, {size}, {size}, 3))
per_frame = layers.TimeDistributed(encoder)(clip)
model = keras.Model(clip, layers.LSTM(2)(layers.Reshape(({steps}, -1))(per_frame)))
"""


def test_time_distributed_around_a_functional_model() -> None:
    result = lint(FRAMES.format(steps=5, size=10))
    assert shapes(result, "TimeDistributed") == ["(None, 5, 8, 8, 4)"]
    assert shapes(result, "LSTM") == ["(None, 2)"]
    assert codes(result) == [] and all(followed(result))


def test_frames_the_wrapped_model_refuses() -> None:
    # Keras 3 checks the frame against the model's Input (reported); tf_keras raises too, but
    # lstmlint reports that check for Keras 3 only: under Keras 2 the output is just unknown
    assert codes(lint(FRAMES.format(steps=5, size=12))) == ["LST207"]
    keras2 = lint(FRAMES.format(steps=5, size=12), keras="2")
    assert codes(keras2) == [] and shapes(keras2, "TimeDistributed") == ["(unknown)"]


def test_a_time_distributed_model_on_a_tensor_without_time_axis_is_still_refused() -> None:
    result = lint(
        """
        import keras
        from keras import layers

        inner = keras.Sequential([layers.Dense(3)])
        y = layers.TimeDistributed(inner)(keras.Input((6,)))
        """
    )
    assert codes(result) == ["LST104"]


# ------------------------------------------------------------------ an Input after the first layer
MIA = """
import numpy as np
import tensorflow as tf

def small_cnn():
    model = tf.keras.models.Sequential()
    model.add(tf.keras.layers.RandomFlip("horizontal"))
    model.add(tf.keras.layers.Input(shape=(32, 32, 3)))
    model.add(tf.keras.layers.Conv2D(32, (3, 3), activation="relu"))
    model.add(tf.keras.layers.MaxPooling2D())
    model.add(tf.keras.layers.Flatten())
    model.add(tf.keras.layers.Dense(10))
    return model

model = small_cnn()
model.compile(loss="mse")
model.fit(np.zeros((50, 32, 32, 3)), np.zeros((50, 10)))
"""


def test_keras2_passes_an_input_added_after_a_layer_through() -> None:
    result = lint(MIA, keras="2")
    assert codes(result) == []
    assert followed(result) == [True]
    assert shapes(result, "Dense")[-1] == "(None, 10)"
    assert shapes(result, "Conv2D")[-1] == "(None, 30, 30, 32)"


def test_keras3_refuses_such_a_model_and_it_is_not_followed() -> None:
    result = lint(MIA)
    assert codes(result) == []  # no code for it: not followed, never a guess
    assert followed(result) == [False]
    assert result.analysis is not None
    assert "an `Input` after the first layer" in "\n".join(
        explain_analysis(result.path, result.analysis, result.locate)
    )


# ------------------------------------------------------------------ helpers a test calls
def test_a_helper_a_test_calls_is_followed_with_its_values_not_on_its_own() -> None:
    result = lint(
        """
        import numpy as np
        from tensorflow.keras.layers import Dense, Input
        from tensorflow.keras.models import Model, Sequential

        def make_model(input_shape):
            sub = Sequential()
            sub.add(Dense(5, input_shape=(5,)))
            sub.add(Dense(3))
            inp = Input(shape=input_shape)
            x = Dense(5)(inp)
            x = sub(x)
            return Model(inp, Dense(4)(x))

        def test_nested(backend):
            model = make_model((15,))
            model.predict(np.zeros((20, 15)))
        """,
        keras="2",
    )
    assert result.analysis is not None
    # one application of the helper's last Dense: the test's, none with a symbolic input
    assert shapes(result, "Dense")[-1] == "(None, 4)"
    assert all(followed(result))
    assert "checked on its own" not in "\n".join(explain_analysis(result.path, result.analysis, result.locate))


def test_a_helper_no_test_reaches_is_still_checked_on_its_own() -> None:
    result = lint(
        """
        import keras
        from keras import layers

        def make_model(steps):
            inp = keras.Input((steps, 3))
            return keras.Model(inp, layers.LSTM(4)(layers.Dense(2)(inp)))

        def test_other():
            assert 1 + 1 == 2
        """
    )
    assert shapes(result, "LSTM") == ["(None, 4)"]


# ------------------------------------------------------------------ pytest beyond the cap
def test_beyond_the_cap_each_layer_value_rides_along_instead_of_being_unknown() -> None:
    kinds = ("ReLU", "ELU", "Softmax", "LeakyReLU")
    activations = ", ".join(f'(layers.{kinds[k % 4]}(name="a{k}"), "a{k}")' for k in range(12))
    result = lint(
        f"""
        import keras
        import numpy as np
        import pytest
        from keras import layers

        @pytest.mark.parametrize("shape", [(8,), (8, 8, 3)])
        @pytest.mark.parametrize("activation, name", [{activations}])
        def test_activations(activation, name, shape):
            inp = keras.Input(shape=shape)
            out = activation(inp)
            model = keras.Model(inp, out)
            model.predict(np.zeros((4, *shape)))
        """
    )
    assert result.analysis is not None
    text = "\n".join(explain_analysis(result.path, result.analysis, result.locate))
    assert "24 pytest parametrizations, more than 16: 12 followed, each value of `activation` at least once" in text
    assert len(result.analysis.models) == 12 and all(followed(result))
    # each shape is followed too (pairings cycle through the product)
    assert sorted(set(shapes(result, "ReLU") + shapes(result, "ELU"))) == ["(None, 8)", "(None, 8, 8, 3)"]
