"""Audit of issue 14 (Keras tier): ``--confirm`` claims a disagreement only where its rebuild is
faithful, also for files judged by Keras 2 (rebuilt with tf_keras): ``LeakyReLU(0.2)`` binds the
registry's Keras 3 name ``negative_slope``, which tf_keras refuses (its name is ``alpha``); handing
it over made 12 false LST302 claims on keras 2.4.3's ``examples/mnist_acgan.py``."""

from __future__ import annotations

import textwrap

import pytest

from lstmlint.api import lint_source

pytestmark = pytest.mark.keras
pytest.importorskip("keras")
pytest.importorskip("tf_keras")

from lstmlint.confirm.session import Session, confirm_file  # noqa: E402


def test_keras2_leaky_relu_positional_argument_makes_no_false_claim() -> None:
    code = textwrap.dedent("""
        import tf_keras as keras
        from tf_keras import layers
        inputs = keras.Input(shape=(10, 4))
        x = layers.LSTM(8, return_sequences=True)(inputs)
        x = layers.LeakyReLU(0.2)(x)
        x = layers.LSTM(3)(x)
        model = keras.Model(inputs, x)
    """)
    result = lint_source(code, "acgan.py")
    assert result.internal_error is None and result.target is not None and str(result.target.version) == "2"
    session = Session(timeout=120)
    try:
        confirm_file(result, session)
    finally:
        session.close()
    assert not [d for d in result.diagnostics if str(d.code) in ("LST301", "LST302")], result.diagnostics
    [summary] = [d for d in result.diagnostics if str(d.code) == "LST303"]
    assert summary.confirmed is True and "Keras builds model `model`" in summary.message
    assert "`negative_slope` of `LeakyReLU` is not a Keras 2 argument name" in summary.message
