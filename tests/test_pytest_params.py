"""pytest test functions followed once per parametrization (``lstmlint/interp/pytest_params.py``).

Fast tier: lstmlint's interpreter only. The shapes asserted are those of valid convolutions and
recurrent layers (``Conv1D(4, 3)`` on ``(None, 8, 3)`` gives ``(None, 6, 4)``; ``Conv2D(4, 3)``
on ``(None, 8, 8, 3)`` gives ``(None, 6, 6, 4)``), measured in Keras 3.15 with the same layers;
the corpus pair ``tests/corpus/pytest_parametrized_return_sequences`` runs its failing
combination in real Keras.
"""

from __future__ import annotations

import textwrap

from lstmlint.api import FileResult, lint_source
from lstmlint.interp.explain import explain_analysis
from lstmlint.interp.pytest_params import MAX_COMBINATIONS
from lstmlint.report.coverage import file_coverage
from lstmlint.settings import Options

HEAD = """\
import keras
import numpy as np
import pytest
from keras import layers
from keras.layers import Conv1D, Conv2D, Dense, Flatten, Input, LSTM
"""


def lint(body: str) -> FileResult:
    return lint_source(HEAD + textwrap.dedent(body), "test_x.py", Options(isolated=True))


def shapes(result: FileResult, layer: str) -> list[str]:
    assert result.analysis is not None
    return sorted(str(a.outputs[0].shape) for a in result.analysis.applications if a.layer.cfg.display == layer)


def verbose(result: FileResult) -> str:
    assert result.analysis is not None
    return "\n".join(explain_analysis(result.path, result.analysis, result.locate))


CONV = """
@pytest.mark.parametrize("dim", [1, 2])
def test_conv(dim, tmp_path):
    conv_class = Conv1D if dim == 1 else Conv2D
    input_shape = (8,) * dim + (3,)
    x = Input(shape=input_shape)
    y = conv_class(4, 3)(x)
    y = Flatten()(y)
    y = Dense(2)(y)
    model = keras.Model(x, y)
"""


def test_each_combination_is_followed_with_its_values() -> None:
    result = lint(CONV)
    assert shapes(result, "Conv1D") == ["(None, 6, 4)"]
    assert shapes(result, "Conv2D") == ["(None, 6, 6, 4)"]
    assert sorted(shapes(result, "Flatten")) == ["(None, 144)", "(None, 24)"]
    assert result.diagnostics == []


def test_coverage_counts_each_construct_once_known_only_if_known_in_every_combination() -> None:
    result = lint(CONV)
    cov = file_coverage(result.analysis)
    # conv, Flatten, Dense: three layer calls in the source, each known in both combinations
    assert (cov.layers_known, cov.layers, cov.models_followed, cov.models) == (3, 3, 1, 1)
    # without parametrization the conv class is unknown: nothing is fully known
    plain = lint(CONV.replace('@pytest.mark.parametrize("dim", [1, 2])\n', ""))
    cov = file_coverage(plain.analysis)
    assert (cov.layers_known, cov.models_followed) == (0, 0)


def test_a_value_the_analysis_does_not_know_makes_the_construct_unknown() -> None:
    result = lint(
        """
        from mylib import MyDense  # a third-party class lstmlint does not model (QDense now is)
        DENSES = [Dense, MyDense]

        @pytest.mark.parametrize("dense", DENSES)
        def test_dense(dense):
            x = Input((5,))
            y = dense(3)(x)
            model = keras.Model(x, y)
        """
    )
    assert shapes(result, "Dense") == ["(None, 3)"]  # the `Dense` combination is followed
    cov = file_coverage(result.analysis)
    # ... the `MyDense` one is not: the model counts once, not followed; the `MyDense` run makes no
    # layer application (a layer the analysis does not know never does), the `Dense` run one
    assert (cov.layers_known, cov.layers, cov.models_followed, cov.models) == (1, 1, 0, 1)


BUG = """
@pytest.mark.parametrize("rnn", [layers.LSTM, layers.GRU])
@pytest.mark.parametrize("return_sequences", [True, False])
def test_stack(rnn, return_sequences):
    x = Input((10, 3))
    y = rnn(8, return_sequences=return_sequences)(x)
    y = rnn(4)(y)
    model = keras.Model(x, y)
"""


def test_a_finding_of_several_combinations_is_reported_once_naming_one() -> None:
    result = lint(BUG)
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("LST101", HEAD.count("\n") + 7)]
    notes = result.diagnostics[0].notes
    assert any("checked with each pytest parametrization" in n for n in notes), notes
    assert any("`[return_sequences=False, rnn=layers.LSTM]`" in n for n in notes), notes
    assert result.analysis is not None  # made in the LSTM and the GRU combination alike
    assert sum(1 for f in result.analysis.findings if f.problem.code == "LST101") == 2


def test_the_same_function_without_the_bad_value_is_clean() -> None:
    result = lint(BUG.replace("[True, False]", "[True]"))
    assert result.diagnostics == []
    assert shapes(result, "LSTM") == ["(None, 10, 8)", "(None, 4)"]


def test_tuples_of_names_ids_and_pytest_param() -> None:
    result = lint(
        """
        CASES = [
            (4, (6, 2)),
            pytest.param(5, (7, 3), id="wide"),
            pytest.param(1, (1, 9), marks=pytest.mark.xfail(raises=ValueError)),
            pytest.param(2, (2, 9), marks=[pytest.mark.skip(reason="slow")]),
        ]

        @pytest.mark.parametrize("units, shape", CASES)
        def test_lstm(units, shape):
            x = Input(shape)
            y = LSTM(units)(x)
            model = keras.Model(x, y)
        """
    )
    # the xfail and skip values are not followed (pytest expects a failure, or does not run it)
    assert shapes(result, "LSTM") == ["(None, 4)", "(None, 5)"]
    assert result.diagnostics == []


def test_layer_instances_as_values_are_fresh_in_each_combination() -> None:
    result = lint(
        """
        @pytest.mark.parametrize(
            "activation", [layers.ReLU(), layers.LeakyReLU(negative_slope=0.5)], ids=["relu", "leaky"]
        )
        @pytest.mark.parametrize("shape", [(8,), (4, 4, 3)])
        def test_activation(activation, shape):
            x = Input(shape=shape)
            y = activation(x)
            model = keras.Model(x, y)
        """
    )
    assert shapes(result, "ReLU") == ["(None, 4, 4, 3)", "(None, 8)"]
    assert shapes(result, "LeakyReLU") == ["(None, 4, 4, 3)", "(None, 8)"]
    assert result.analysis is not None
    layers_used = {id(a.layer) for a in result.analysis.applications}
    assert len(layers_used) == 4  # one layer per combination: never one layer on two shapes
    assert result.diagnostics == []


def test_fixtures_and_indirect_values_stay_unknown() -> None:
    result = lint(
        """
        @pytest.mark.parametrize("units", [3], indirect=True)
        @pytest.mark.parametrize("steps", [5])
        def test_fixture(units, steps, width):
            x = Input((steps, width))
            y = LSTM(units)(x)
            model = keras.Model(x, y)
        """
    )
    assert result.analysis is not None
    (app,) = [a for a in result.analysis.applications if a.layer.cfg.display == "LSTM"]
    assert app.inputs[0].shape.dims is not None
    assert str(app.inputs[0].shape).startswith("(None, 5, ")  # `steps` known, `width` a fixture
    assert "3" not in str(app.outputs[0].shape)  # `units` went to a fixture: not 3


def test_findings_inside_pytest_raises_are_expected() -> None:
    result = lint(
        """
        @pytest.mark.parametrize("steps", [5, 7])
        def test_rejects_2d(steps):
            x = Input((steps,))
            with pytest.raises(ValueError):
                LSTM(4)(x)
        """
    )
    assert result.diagnostics == []


def test_arguments_used_only_by_other_libraries_are_not_multiplied() -> None:
    result = lint(
        """
        import hls4ml

        @pytest.mark.parametrize("backend", ["Vivado", "Vitis", "Quartus", "Catapult", "oneAPI"])
        @pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
        @pytest.mark.parametrize("strategy", ["latency", "resource"])
        @pytest.mark.parametrize("units", [2, 3, 4])
        def test_convert(units, backend, io_type, strategy, tmp_path):
            precision = "ap_fixed<16,6>" if backend == "Vivado" else "ac_fixed<16,6>"
            x = Input((6,))
            y = Dense(units)(x)
            model = keras.Model(x, y)
            config = hls4ml.utils.config_from_keras_model(model, default_precision=precision)
            config["Model"]["Strategy"] = strategy
            hls_model = hls4ml.converters.convert_from_keras_model(
                model, hls_config=config, backend=backend, io_type=io_type, output_dir=f"{tmp_path}/{backend}"
            )
        """
    )
    # 60 combinations for pytest; only `units` can change a shape: three are followed
    assert shapes(result, "Dense") == ["(None, 2)", "(None, 3)", "(None, 4)"]
    assert "more than" not in verbose(result)


def test_beyond_the_cap_the_most_used_parametrizations_vary_and_verbose_says_so() -> None:
    result = lint(
        """
        @pytest.mark.parametrize("units", [1, 2, 3, 4, 5])
        @pytest.mark.parametrize("steps", [1, 2, 3, 4, 5])
        def test_big(units, steps):
            x = Input((steps, units))
            y = LSTM(units)(x)
            z = Dense(units)(y)
            model = keras.Model(x, z)
        """
    )
    text = verbose(result)
    assert f"25 pytest parametrizations, more than {MAX_COMBINATIONS}: 5 followed, with `steps` unknown" in text
    assert shapes(result, "Dense") == [f"(None, {n})" for n in range(1, 6)]


def test_beyond_the_cap_what_reaches_a_layer_varies_before_what_is_only_tested() -> None:
    # hls4ml's test_pointwiseconv: a 16-row (backend, io_type) table used only in an `if` and by
    # another library, next to the padding and strides the layer takes; varying the table first
    # would leave the layer's sizes unknown in every combination
    rows = ", ".join(f"('b{i}', 'io{i % 2}')" for i in range(16))
    result = lint(
        f"""
        @pytest.mark.parametrize("padding", ["same", "valid"])
        @pytest.mark.parametrize("strides", [1, 2])
        @pytest.mark.parametrize("backend, io_type", [{rows}])
        def test_pointwise(padding, strides, backend, io_type):
            x = Input((28, 3))
            y = Conv1D(8, 1, strides=strides, padding=padding)(x)
            model = keras.Model(x, y)
            if backend == "b1" and io_type == "io1":
                print("stream")
        """
    )
    assert shapes(result, "Conv1D") == ["(None, 14, 8)", "(None, 14, 8)", "(None, 28, 8)", "(None, 28, 8)"]
    assert "4 followed, with `backend`, `io_type` unknown" in verbose(result)


def test_one_parametrization_larger_than_the_cap_falls_back_to_unknown_parameters() -> None:
    values = ", ".join(str(n) for n in range(1, MAX_COMBINATIONS + 3))
    result = lint(
        f"""
        @pytest.mark.parametrize("units", [{values}])
        def test_many(units):
            x = Input((4,))
            y = Dense(units)(x)
            model = keras.Model(x, y)
        """
    )
    assert "checked once with its parameters unknown" in verbose(result)
    assert shapes(result, "Dense") == ["(None, units)"]


def test_a_parametrized_test_also_called_in_the_file_is_still_checked_per_combination() -> None:
    result = lint(BUG + "\nif __name__ == '__main__':\n    test_stack(layers.GRU, True)\n")
    assert [d.code for d in result.diagnostics] == ["LST101"]


def test_an_indirect_value_reaches_the_fixture_of_the_module_as_request_param() -> None:
    result = lint(
        """
        @pytest.fixture(scope="module")
        def pooled_model(request):
            kind = request.param["kind"]
            model = keras.Sequential()
            if kind == "avg":
                model.add(layers.AveragePooling1D(pool_size=3, padding=request.param["padding"], input_shape=(124, 5)))
            elif kind == "max":
                model.add(layers.MaxPooling1D(pool_size=3, padding=request.param["padding"], input_shape=(124, 5)))
            return model, kind

        @pytest.mark.parametrize(
            "pooled_model",
            [{"kind": "avg", "padding": "valid"}, {"kind": "max", "padding": "same"}],
            indirect=True,
        )
        def test_pool(pooled_model):
            model, kind = pooled_model
            y = model.predict(np.zeros((2, 124, 5)))
        """
    )
    # 124 steps pooled by 3: `valid` keeps 41 windows, `same` 42 (Keras 3.15)
    assert shapes(result, "AveragePooling1D") == ["(None, 41, 5)"]
    assert shapes(result, "MaxPooling1D") == ["(None, 42, 5)"]
    cov = file_coverage(result.analysis)
    assert (cov.models_followed, cov.models) == (1, 1)  # the fixture's model, followed in each run
    assert result.diagnostics == []


def test_a_yield_fixture_leaves_its_argument_unknown() -> None:
    result = lint(
        """
        @pytest.fixture
        def steps(request):
            yield request.param

        @pytest.mark.parametrize("steps", [5], indirect=True)
        def test_yield(steps):
            x = Input((steps, 3))
            y = LSTM(4, return_sequences=True)(x)
        """
    )
    assert shapes(result, "LSTM") == ["(None, steps, 4)"]


def test_the_name_of_a_keras_class_given_as_a_value() -> None:
    # `rnn.__name__` is the class name (`keras.layers.LSTM.__name__ == "LSTM"` in Keras 3.15 and
    # tf_keras 2.21, for every class lstmlint models); hls4ml's test_rnn.py branches on it
    result = lint(
        """
        @pytest.mark.parametrize("rnn", [layers.LSTM, layers.Bidirectional])
        def test_rnn(rnn):
            x = Input((3, 8))
            if rnn.__name__ != "Bidirectional":
                y = rnn(6)(x)
            else:
                y = rnn(LSTM(5))(x)
            model = keras.Model(x, y)
        """
    )
    assert shapes(result, "LSTM") == ["(None, 6)"]
    assert shapes(result, "Bidirectional(LSTM)") == ["(None, 10)"]
    cov = file_coverage(result.analysis)
    assert (cov.models_followed, cov.models) == (1, 1)


def test_names_as_a_list_and_values_from_range() -> None:
    result = lint(
        """
        @pytest.mark.parametrize(argnames=["units"], argvalues=[(n,) for n in range(2, 4)])
        @pytest.mark.parametrize("steps", range(5, 7))
        def test_lstm(units, steps):
            x = Input((steps, 3))
            y = LSTM(units, return_sequences=True)(x)
            model = keras.Model(x, y)
        """
    )
    assert shapes(result, "LSTM") == ["(None, 5, 2)", "(None, 5, 3)", "(None, 6, 2)", "(None, 6, 3)"]
