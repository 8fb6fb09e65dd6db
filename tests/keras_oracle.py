"""Build small graphs in real Keras (imported once per session) for comparison with lstmlint."""

from __future__ import annotations

import os
from typing import Any

from tiers import needs_keras

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@needs_keras
def keras_outcome(source: str) -> tuple[bool, object]:
    """Execute a tiny test-authored snippet with Keras; (built, shapes or error message).

    The snippet is ours (a test case), never a user's file. It must bind ``out``.
    """
    import warnings

    import keras  # noqa: F401  (heavy import: only in tests)

    ns: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(compile(source, "<case>", "exec"), ns)  # noqa: S102 - our own test snippet
        except Exception as e:  # noqa: BLE001 - any Keras refusal
            return False, f"{type(e).__name__}: {e}"
    out = ns["out"]
    if isinstance(out, (list, tuple)):
        return True, [tuple(t.shape) for t in out]
    return True, [tuple(out.shape)]
