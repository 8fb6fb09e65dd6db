"""Methods of test classes run as unittest/pytest run them (``lstmlint/interp/test_classes.py``).

Fast tier: lstmlint's interpreter only. The Keras facts used: ``LSTM(u)`` on ``(None, t, f)``
gives ``(None, u)`` (``return_sequences=True``: ``(None, t, u)``), and ``LSTM`` on a 2-D input
raises (GUIDE.md section 3); the corpus pair ``tests/corpus/testcase_method_stacked_lstm`` runs
the unittest form in real Keras.
"""

from __future__ import annotations

import textwrap

import pytest

from lstmlint.api import FileResult, lint_source
from lstmlint.report.coverage import file_coverage
from lstmlint.settings import Options

HEAD = """\
import unittest
import keras
import numpy as np
import pytest
from keras import layers
"""
N = HEAD.count("\n")


def lint(body: str) -> FileResult:
    return lint_source(HEAD + textwrap.dedent(body), "test_x.py", Options(isolated=True))


def found(result: FileResult) -> list[tuple[str, int]]:
    """(code, line in the body) of every diagnostic."""
    return [(d.code, d.span.line - N) for d in result.diagnostics]


def shapes(result: FileResult, layer: str) -> list[str]:
    assert result.analysis is not None
    return sorted(str(a.outputs[0].shape) for a in result.analysis.applications if a.layer.cfg.display == layer)


def test_a_unittest_method_is_run_after_set_up() -> None:
    result = lint(
        """
        class TestEncoder(unittest.TestCase):
            def setUp(self):
                self.inputs = keras.Input((5, 3))

            def test_stack(self):
                x = layers.LSTM(3)(self.inputs)
                x = layers.LSTM(3)(x)
                self.assertEqual(x.shape, (None, 3))
        """
    )
    assert found(result) == [("LST101", 8)]
    assert any("run as a test on a fresh `TestEncoder`" in n for n in result.diagnostics[0].notes)


def test_a_pytest_class_is_run_after_setup_method_and_reads_class_attributes() -> None:
    result = lint(
        """
        class TestEncoder:
            steps = 7

            def setup_method(self, method):
                self.inputs = keras.Input((self.steps, 3))

            def test_shape(self):
                y = layers.LSTM(4, return_sequences=True)(self.inputs)
                assert y.shape == (None, 7, 4)
        """
    )
    assert result.diagnostics == []
    assert shapes(result, "LSTM") == ["(None, 7, 4)"]


def test_set_up_class_attributes_are_read_through_self() -> None:
    result = lint(
        """
        class TestEncoder(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                cls.features = 6

            def test_shape(self):
                y = layers.LSTM(2, return_sequences=True)(keras.Input((9, self.features)))
        """
    )
    assert result.diagnostics == []
    assert shapes(result, "LSTM") == ["(None, 9, 2)"]


def test_a_base_test_case_of_the_file_counts_and_gives_its_set_up() -> None:
    result = lint(
        """
        class Base(unittest.TestCase):
            def setUp(self):
                self.inputs = keras.Input((5,))


        class Derived(Base):  # not named Test...: unittest collects it through its base
            def test_vector(self):
                layers.LSTM(3)(self.inputs)
        """
    )
    assert found(result) == [("LST101", 9)]


def test_tf_and_absl_test_cases_are_test_classes() -> None:
    for base, imp in (
        ("tf.test.TestCase", "import tensorflow as tf"),
        ("parameterized.TestCase", "from absl.testing import parameterized"),
    ):
        result = lint(
            f"""
            {imp}

            class LayersTest({base}):
                def test_vector(self):
                    layers.LSTM(3)(keras.Input((5,)))
            """
        )
        assert found(result) == [("LST101", 6)], base


def test_expected_failures_are_not_reported() -> None:
    result = lint(
        """
        class TestEncoder(unittest.TestCase):
            def setUp(self):
                self.inputs = keras.Input((5,))

            def test_raises(self):
                with self.assertRaises(ValueError):
                    layers.LSTM(3)(self.inputs)
                with self.assertRaisesRegex(ValueError, "ndim"):
                    layers.GRU(3)(self.inputs)

            def test_pytest_raises(self):
                with pytest.raises(ValueError):
                    layers.LSTM(3)(self.inputs)

            @unittest.expectedFailure
            def test_known_bug(self):
                layers.LSTM(3)(self.inputs)

            def test_outside(self):
                with self.assertRaises(ValueError):
                    pass
                layers.SimpleRNN(3)(self.inputs)
        """
    )
    # only the application after the ``with`` block is reported
    assert found(result) == [("LST101", 23)]


def test_helpers_are_followed_with_their_arguments_and_uncalled_ones_on_their_own() -> None:
    result = lint(
        """
        class TestEncoder(unittest.TestCase):
            def _encoder(self, steps, units):
                return layers.LSTM(units)(keras.Input((steps, 3)))

            def _unused(self):
                return layers.LSTM(2)(keras.Input((4,)))

            def test_encoder(self):
                self.assertEqual(self._encoder(6, 5).shape, (None, 5))
        """
    )
    # ``_encoder`` runs once, called by the test with its values; ``_unused`` (nobody calls it)
    # on its own: its LSTM on a 2-D input is the finding
    assert shapes(result, "LSTM") == ["(None, 2)", "(None, 5)"]
    assert found(result) == [("LST101", 7)]
    assert any("checked on its own" in n for n in result.diagnostics[0].notes)


def test_classes_the_runner_does_not_collect_are_not_run() -> None:
    result = lint(
        """
        class Helper:
            def test_like(self):
                layers.LSTM(3)(keras.Input((5,)))


        class TestWithInit:
            def __init__(self, n):
                self.n = n

            def test_vector(self):
                layers.LSTM(3)(keras.Input((5,)))


        class TestModel(keras.Model):
            def test_vector(self):
                layers.LSTM(3)(keras.Input((5,)))
        """
    )
    assert result.diagnostics == []
    assert shapes(result, "LSTM") == []


def test_a_method_the_file_calls_is_not_run_again() -> None:
    result = lint(
        """
        class TestEncoder:
            def test_stack(self):
                x = layers.LSTM(3)(keras.Input((5, 3)))
                layers.LSTM(3)(x)


        TestEncoder().test_stack()
        """
    )
    assert found(result) == [("LST101", 5)]
    assert result.diagnostics[0].notes == (f"in `TestEncoder.test_stack()` called at line {N + 8}",)
    assert len(shapes(result, "LSTM")) == 2  # its two LSTMs, followed once (from the call)


def test_an_inherited_test_runs_once() -> None:
    result = lint(
        """
        class TestBase(unittest.TestCase):
            def test_encoder(self):
                layers.LSTM(3, return_sequences=True)(keras.Input((5, 3)))


        class TestOther(TestBase):
            pass
        """
    )
    assert shapes(result, "LSTM") == ["(None, 5, 3)"]


def test_set_up_models_count_once_in_the_coverage() -> None:
    result = lint(
        """
        class TestModel(unittest.TestCase):
            def setUp(self):
                inputs = keras.Input((5, 3))
                self.model = keras.Model(inputs, layers.LSTM(4)(inputs))
                self.x = np.zeros((8, 5, 3))

            def test_predict(self):
                self.assertEqual(self.model.predict(self.x).shape, (8, 4))

            def test_fit(self):
                self.model.compile("adam", "mse")
                self.model.fit(self.x, np.zeros((8, 4)))
        """
    )
    assert result.diagnostics == []
    cov = file_coverage(result.analysis)
    # ``setUp`` runs before each of the two tests: its LSTM and model count once
    assert (cov.layers_known, cov.layers, cov.models_followed, cov.models) == (1, 1, 1, 1)


def test_data_from_set_up_is_checked_against_the_model() -> None:
    result = lint(
        """
        class TestModel(unittest.TestCase):
            def setUp(self):
                inputs = keras.Input((5, 3))
                self.model = keras.Model(inputs, layers.Dense(2)(layers.LSTM(4)(inputs)))
                self.model.compile("adam", "mse")

            def test_fit(self):
                self.model.fit(np.zeros((8, 5, 3)), np.zeros((8, 7)))
        """
    )
    assert found(result) == [("LST205", 9)]


def test_set_up_reaches_the_base_set_up_through_super() -> None:
    result = lint(
        """
        class Base(unittest.TestCase):
            def setUp(self):
                self.inputs = keras.Input((5,))


        class TestDerived(Base):
            def setUp(self):
                super().setUp()
                self.units = 3

            def test_vector(self):
                for units in (1, 2):
                    with self.subTest(units=units):
                        layers.LSTM(self.units + units)(self.inputs)
        """
    )
    assert found(result) == [("LST101", 15)]


def test_a_set_up_without_super_hides_the_base_one() -> None:
    result = lint(
        """
        class Base(unittest.TestCase):
            def setUp(self):
                self.inputs = keras.Input((5,))


        class TestDerived(Base):
            def setUp(self):
                self.inputs = keras.Input((5, 2))

            def test_sequence(self):
                layers.LSTM(3)(self.inputs)
        """
    )
    assert result.diagnostics == []
    assert shapes(result, "LSTM") == ["(None, 3)"]


def test_classes_hidden_from_the_runner_are_not_run_on_their_own() -> None:
    result = lint(
        """
        class Base(unittest.TestCase):
            shape = (5,)

            def test_layer(self):
                layers.LSTM(3)(keras.Input(self.shape))


        class TestSequence(Base):
            shape = (5, 2)


        class TestOff:
            __test__ = False

            def test_vector(self):
                layers.LSTM(3)(keras.Input((5,)))


        del Base
        """
    )
    # ``Base`` itself is not collected (``del``): its test runs once, in ``TestSequence``
    assert result.diagnostics == []
    assert shapes(result, "LSTM") == ["(None, 3)"]


def test_tests_stop_when_half_the_statement_budget_is_spent(monkeypatch: pytest.MonkeyPatch) -> None:
    from lstmlint.interp import flow

    body = """
        class TestMany(unittest.TestCase):
            def test_first(self):
                x = keras.Input((5, 3))
                x = layers.LSTM(3, return_sequences=True)(x)
                x = layers.LSTM(3, return_sequences=True)(x)
                x = layers.LSTM(3, return_sequences=True)(x)
                x = layers.LSTM(3, return_sequences=True)(x)
                x = layers.LSTM(3, return_sequences=True)(x)
                x = layers.LSTM(3, return_sequences=True)(x)
                x = layers.LSTM(3, return_sequences=True)(x)

            def test_second(self):
                layers.LSTM(3)(keras.Input((5,)))
        """
    assert found(lint(body)) == [("LST101", 14)]  # with the whole budget: both tests run
    monkeypatch.setattr(flow, "STEP_BUDGET", 30)
    result = lint(body)
    assert result.diagnostics == []  # the second test is not followed ...
    assert result.analysis is not None
    assert any("per-file budget half spent" in why for _, why in result.analysis.lost)  # ... and says so
    assert len(shapes(result, "LSTM")) == 7  # the first one was


def test_absl_parameters_run_once_per_literal_case() -> None:
    result = lint(
        """
        from absl.testing import parameterized
        from settings import STEPS


        class RecurrentTest(parameterized.TestCase):
            @parameterized.parameters((layers.LSTM, True), (layers.GRU, True), (layers.LSTM, False))
            def test_stack(self, rnn, return_sequences):
                x = rnn(8, return_sequences=return_sequences)(keras.Input((10, 3)))
                y = rnn(4)(x)

            @parameterized.named_parameters(
                {"testcase_name": "short", "steps": 4},
                ("long", 12),
                ("configured", STEPS),
            )
            def test_steps(self, steps):
                layers.LSTM(2, return_sequences=True)(keras.Input((steps, 3)))
        """
    )
    # only the (LSTM, False) case stacks a recurrent layer on a 2-D output
    assert found(result) == [("LST101", 10)]
    assert shapes(result, "GRU") == ["(None, 10, 8)", "(None, 4)"]
    assert shapes(result, "LSTM") == [
        "(None, 10, 8)",
        "(None, 12, 2)",
        "(None, 4)",
        "(None, 4)",
        "(None, 4, 2)",
        "(None, 8)",
        "(None, ?, 2)",
    ]
    cov = file_coverage(result.analysis)
    # three layer calls in the source, each once; the one of ``test_steps`` is not fully known
    # in the ``STEPS`` case (a size the file imports), so it is not counted as known
    assert (cov.layers_known, cov.layers) == (2, 3)


def test_absl_cases_the_analysis_cannot_read_leave_the_parameters_unknown() -> None:
    result = lint(
        """
        from absl.testing import parameterized

        CASES = [(4,), (12,)]


        class RecurrentTest(parameterized.TestCase):
            @parameterized.parameters(CASES)
            def test_steps(self, steps):
                layers.LSTM(2, return_sequences=True)(keras.Input((steps, 3)))
        """
    )
    assert result.diagnostics == []
    assert shapes(result, "LSTM") == ["(None, steps, 2)"]
