"""ONE list of findings for every reporter test: a real lint run over a small bad program,
a clean program (models to annotate, no finding) and a file with an awkward name.

Every reporter snapshot (text, json, sarif, github, markdown, --annotate) is fed this list.
"""

from __future__ import annotations

import functools
import os
import textwrap
from pathlib import Path

from lstmlint.api import FileResult, lint_source

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("LSTMLINT_UPDATE_SNAPSHOTS") == "1"

BAD = textwrap.dedent('''\
    from tensorflow import keras
    from tensorflow.keras import layers

    units = 32
    inputs = keras.Input(shape=(20, 6))
    lstm1 = layers.LSTM(units)(inputs)
    proj = layers.Dense(units)(inputs)
    summed = layers.Add()([proj, lstm1])
    lstm2 = layers.LSTM(units)(lstm1)
    out = layers.Dense(1, name="head")(summed)
    model = keras.Model(inputs, out)

    seq = keras.Sequential([
        layers.Input(shape=(10, 3)),
        layers.Bidirectional(layers.GRU(8, return_sequences=True)),
        layers.TimeDistributed(layers.Dense(4)),
        layers.Reshape((4, 4)),
    ])
''')

CLEAN = textwrap.dedent('''\
    import keras
    from keras import layers

    tokens = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(5000, 64, mask_zero=True)(tokens)
    x = layers.Bidirectional(layers.LSTM(32, return_sequences=True))(x)
    x = layers.LayerNormalization()(x)
    x = layers.Lambda(lambda t: t * 2)(x)
    out, h, c = layers.LSTM(16, return_state=True)(
        x,
    )
    logits = layers.Dense(3)(layers.Concatenate()([out, h]))
    clf = keras.Model(tokens, logits)
''')

# a path with a space, a comma, a colon and a percent sign: escaping in every format
ODD_PATH = "odd dir/a,b:c%.py"
ODD = textwrap.dedent('''\
    import keras
    model = keras.Sequential([keras.Input(shape=(7, 3)), keras.layers.RepeatVector(4)])
''')


@functools.lru_cache(maxsize=1)
def shared_results() -> tuple[FileResult, ...]:
    results = (
        lint_source(BAD, "models/seq2seq.py"),
        lint_source(CLEAN, "models/clean.py"),
        lint_source(ODD, ODD_PATH),
    )
    for r in results:
        assert r.internal_error is None, r.internal_error
    return results


def check_snapshot(name: str, text: str) -> None:
    """Compare with tests/snapshots/<name>; LSTMLINT_UPDATE_SNAPSHOTS=1 rewrites it."""
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        if not UPDATE:
            raise AssertionError(f"snapshot {path} is missing; run with LSTMLINT_UPDATE_SNAPSHOTS=1 and review it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from its snapshot (LSTMLINT_UPDATE_SNAPSHOTS=1 to accept)"
