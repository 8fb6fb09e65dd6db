"""Subclassed models Keras cannot call (fast tier).

Reduced from tsgm's ``TimeGAN``: a ``keras.Model`` subclass that defines no ``call`` and trains
its sub-models in a ``fit`` of its own. Keras refuses to call such a model (keras 3.15.1:
NotImplementedError "Model M does not have a `call()` method implemented"; tf_keras 2.21:
"Unimplemented `tf.keras.Model.call()`"), so it has no output shape: the analysis says so
instead of "its outputs are not tensors the analysis follows", and ``report/coverage.py`` does
not count it as a model (``tests/test_coverage_counting.py``).
"""

from __future__ import annotations

from interpreted import interpret

from lstmlint.graph.model import Model
from lstmlint.interp.explain import lost_reasons


def subclassed(code: str) -> list[Model]:
    return [m for m in interpret(code).result.models if m.kind == "subclassed"]


def reasons(model: Model) -> list[str]:
    return [why for _, why in lost_reasons(model)]


def test_model_without_call_says_keras_cannot_call_it() -> None:
    (model,) = subclassed(
        """
        import keras
        class TimeGAN(keras.Model):
            def __init__(self, n):
                super().__init__()
                self.embedder = keras.Sequential([keras.Input((24, 3)), keras.layers.GRU(n)])
            def fit(self, data, epochs=1):
                return self.embedder.predict(data)
        gan = TimeGAN(4)
        gan.compile()
        gan.fit(None)
        """
    )
    assert reasons(model) == ["`TimeGAN` defines no `call`: Keras cannot call it, so it has no output"]


def test_inherited_call_of_a_program_class_is_followed() -> None:
    (base_model, model) = subclassed(
        """
        import keras
        import numpy as np
        class Base(keras.Model):
            def __init__(self):
                super().__init__()
                self.dense = keras.layers.Dense(3)
            def call(self, x):
                return self.dense(x)
        class Child(Base):
            pass
        Base().predict(np.zeros((4, 5)))
        Child().predict(np.zeros((4, 5)))
        """
    )
    assert reasons(model) == [] and reasons(base_model) == []


def test_functional_subclass_and_unknown_bases_get_no_such_reason() -> None:
    models = subclassed(
        """
        import keras
        from somelib import LibraryModel
        class Functional(keras.Model):
            def __init__(self):
                inputs = keras.Input((3,))
                super().__init__(inputs=inputs, outputs=keras.layers.Dense(2)(inputs))
        class FromLibrary(LibraryModel, keras.Model):
            pass
        Functional()
        FromLibrary()
        """
    )
    for model in models:
        assert not any("defines no `call`" in why for why in reasons(model))
