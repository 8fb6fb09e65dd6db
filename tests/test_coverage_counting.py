"""Counting rules of ``report/coverage.py`` (issue 10, keras-rl2's and tsgm's tests): an empty
``Sequential()`` never given a layer is not a model, nor is a ``keras.Model`` subclass that
defines no ``call`` (Keras cannot call it); a model made at each iteration of an unrolled loop
counts once (followed only when every iteration's is)."""

from __future__ import annotations

import textwrap

from lstmlint.api import FileResult, lint_source
from lstmlint.interp.explain import explain_analysis
from lstmlint.report.coverage import Coverage, file_coverage, file_report


def _lint(code: str) -> FileResult:
    result = lint_source(textwrap.dedent(code), "model.py")
    assert result.internal_error is None
    return result


REBOUND = """
import keras
from keras.layers import Concatenate, Dense, Flatten, Input

a = Input(shape=(2, 3))
b = Input(shape=(2, 4))
actor = keras.Sequential()
x = Concatenate()([a, b])
x = Dense(2)(Flatten()(x))
actor = keras.Model(inputs=[a, b], outputs=x)
"""


def test_an_empty_sequential_rebound_is_not_a_model() -> None:
    result = _lint(REBOUND)
    assert file_coverage(result.analysis) == Coverage(layers_known=3, layers=3, models_followed=1, models=1)
    assert [m["line"] for m in file_report(result)["models"]] == [10]
    lines = explain_analysis("model.py", result.analysis, result.locate)
    assert "model.py: Sequential model `actor` (line 7): empty, no layer is ever added: not counted as a model" in lines


CONTAINER = """
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


def test_a_model_subclass_without_call_is_not_a_model() -> None:
    result = _lint(CONTAINER)
    # the embedder counts (followed); the container Keras cannot call does not
    assert file_coverage(result.analysis) == Coverage(layers_known=1, layers=1, models_followed=1, models=1)
    assert [m["line"] for m in file_report(result)["models"]] == [7]
    lines = explain_analysis("model.py", result.analysis, result.locate)
    assert any(
        "(line 11): its class defines no `call`, so Keras cannot call it: not counted as a model" in line
        for line in lines
    ), lines


def test_a_model_subclass_made_without_super_init_still_counts() -> None:
    # bidaf-keras' ``ModelMGPU``: ``self.__dict__.update(functional.__dict__)``, no ``super().__init__``
    result = _lint(
        CONTAINER.replace("        super().__init__()\n", "        self.__dict__.update({})\n")
    )
    assert file_coverage(result.analysis).models == 2


def test_a_model_subclass_with_call_still_counts() -> None:
    result = _lint(
        CONTAINER.replace(
            "    def fit(self, data, epochs=1):",
            "    def call(self, x):\n        return self.embedder(x)\n    def fit(self, data, epochs=1):",
        )
    )
    assert file_coverage(result.analysis).models == 2


def test_a_sequential_given_an_unknown_layer_still_counts() -> None:
    result = _lint(
        """
        import keras
        from somewhere import Mystery
        model = keras.Sequential()
        model.add(Mystery(3))
        """
    )
    assert file_coverage(result.analysis) == Coverage(models_followed=0, models=1)


def test_a_sequential_filled_later_counts() -> None:
    result = _lint(
        """
        import keras
        model = keras.Sequential()
        model.add(keras.Input((4,)))
        model.add(keras.layers.Dense(2))
        """
    )
    assert file_coverage(result.analysis) == Coverage(layers_known=1, layers=1, models_followed=1, models=1)


LOOP = """
import keras
from keras.layers import Dense, Input
for n in (1, 3):
    inp = Input(shape=(n,))
    out = Dense(2)(inp)
    model = keras.Model(inp, out)
"""


def test_a_model_made_in_a_loop_counts_once() -> None:
    result = _lint(LOOP)
    assert len(result.analysis.models) == 2  # one per iteration, both followed
    assert file_coverage(result.analysis) == Coverage(layers_known=2, layers=2, models_followed=1, models=1)


def test_a_model_made_in_a_loop_is_followed_only_when_every_iteration_is() -> None:
    result = _lint(
        """
        import keras
        from keras.layers import Dense, Input
        from somewhere import Mystery
        for layer in (Dense, Mystery):
            inp = Input(shape=(3,))
            out = layer(2)(inp)
            model = keras.Model(inp, out)
        """
    )
    assert file_coverage(result.analysis).models == 1
    assert file_coverage(result.analysis).models_followed == 0


def test_a_helper_called_at_two_call_sites_still_counts_twice() -> None:
    result = _lint(
        """
        import keras
        from keras.layers import Dense, Input

        def build(n):
            inp = Input(shape=(n,))
            return keras.Model(inp, Dense(2)(inp))

        small = build(1)
        large = build(3)
        """
    )
    assert file_coverage(result.analysis) == Coverage(layers_known=2, layers=2, models_followed=2, models=2)


def test_a_helper_called_in_a_loop_counts_once() -> None:
    result = _lint(
        """
        import keras
        from keras.layers import Dense, Input

        def build(n):
            inp = Input(shape=(n,))
            return keras.Model(inp, Dense(2)(inp))

        for n in (1, 3):
            model = build(n)
        """
    )
    assert file_coverage(result.analysis).models == 1
