"""Library version tests: ``tf.__version__``, ``keras.__version__`` and the version objects
programs compare them as (``packaging.version.parse``/``Version``, ``pkg_resources.parse_version``,
``distutils.version.LooseVersion``/``StrictVersion``), decided where the file's Keras target
decides them and unknown otherwise.

Libraries pick their imports and base classes at module level by such tests (keras-lmu:
``if tf_version < version.parse("2.9.0rc0"): from keras.layers.recurrent import ...``); left
unknown, every class built on them is lost. What a target implies:

* Keras 3: ``keras.__version__`` (``tf.keras`` included) is 3.0.0 or later, and TensorFlow's is
  2.16.0 or later (TensorFlow 2.16 is the first whose ``tf.keras`` is Keras 3; TensorFlow
  2.15 pins ``keras < 2.16``).
* Keras 2: ``keras.__version__`` is below 3.0.0 (``tf_keras`` always is); TensorFlow's is not
  decided (``tf.keras`` of TensorFlow <= 2.15 or ``tf_keras`` beside any later TensorFlow).

Released versions only: a bound's own pre-releases (2.16.0rc0) are not among them, so
``tf_version >= version.parse("2.16.0")`` is True under Keras 3. A test is decided only when
every version in the range answers the same (``< 2.9.0rc0`` is False from 2.16.0 on);
otherwise it stays unknown. Orderings follow PEP 440 for the forms written in version tests:
release numbers (trailing zeros ignored), then ``.devN`` < ``aN`` < ``bN`` < ``rcN`` < the release
< ``.postN``. A string that is not such a version is never decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import libcst as cst

from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.values import NOT_FOLLOWED, Arg
from lstmlint.shapes import UNKNOWN
from lstmlint.source.imports import Ref
from lstmlint.source.keras_target import KerasVersion

Key = tuple[tuple[int, ...], tuple[int, int]]

_VERSION = re.compile(
    r"^\s*v?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|rc|c)[-_.]?(\d*))?(?:[-_.]?(post|dev)[-_.]?(\d*))?\s*$"
)
_STAGES = {"dev": 0, "a": 1, "alpha": 1, "b": 2, "beta": 2, "rc": 3, "c": 3}
_FINAL, _POST = 4, 5

# the callables that make a version object of a string
_PARSERS = frozenset(
    {
        "packaging.version.parse",
        "packaging.version.Version",
        "pkg_resources.parse_version",
        "distutils.version.LooseVersion",
        "distutils.version.StrictVersion",
        "setuptools._distutils.version.LooseVersion",
    }
)


def parse_key(text: str) -> Key | None:
    """The ordering key of a version string, or None when it is not one this module orders."""
    m = _VERSION.match(text)
    if m is None:
        return None
    release = tuple(int(p) for p in m.group(1).split("."))
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]
    pre, pre_n, extra, extra_n = m.group(2), m.group(3), m.group(4), m.group(5)
    if pre is not None and extra is not None:
        return None  # ``1.0rc1.dev2`` and the like: not written in version tests
    if pre is not None:
        stage = (_STAGES[pre], int(pre_n or 0))
    elif extra == "dev":
        stage = (0, int(extra_n or 0))
    elif extra == "post":
        stage = (_POST, int(extra_n or 0))
    else:
        stage = (_FINAL, 0)
    return release, stage


def _cmp_release(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    n = max(len(a), len(b))
    pa, pb = a + (0,) * (n - len(a)), b + (0,) * (n - len(b))
    return (pa > pb) - (pa < pb)


def compare(a: Key, b: Key) -> int:
    """-1, 0 or 1 as version ``a`` is before, equal to or after version ``b``."""
    c = _cmp_release(a[0], b[0])
    if c:
        return c
    return (a[1] > b[1]) - (a[1] < b[1])


@dataclass(frozen=True)
class VersionValue:
    """A version known to lie in ``[lo, hi)`` (a bound None: open on that side); ``exact``: the
    version ``lo`` itself (a literal parsed)."""

    lo: Key | None
    hi: Key | None
    exact: bool = False


def _released(*release: int) -> Key:
    return release, (_FINAL, 0)


def library_version(ctx_keras: KerasVersion | None, qual: str) -> VersionValue | None:
    """The versions ``<qual>.__version__`` may have under the file's Keras target (``qual`` the
    module: ``tensorflow``, ``keras``, ``tensorflow.keras``, ``tf_keras``), or None when the
    target does not bound it."""
    keras3 = ctx_keras is KerasVersion.KERAS3
    if qual == "tf_keras":
        return VersionValue(_released(2), _released(3))
    if qual in ("keras", "tensorflow.keras"):
        return VersionValue(_released(3), None) if keras3 else VersionValue(None, _released(3))
    if qual == "tensorflow":
        return VersionValue(_released(2, 16), None) if keras3 else None
    return None


def _ordered(op: str, c: int) -> bool:
    return {"<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[op]


def decide(op: str, left: VersionValue, right: VersionValue) -> Any:
    """``left op right`` for every pair of versions the two values allow: True or False when
    they all agree, UNKNOWN otherwise (``op`` one of ``<``, ``<=``, ``>``, ``>=``)."""
    if left.exact and right.exact and left.lo is not None and right.lo is not None:
        return _ordered(op, compare(left.lo, right.lo))
    if right.exact and right.lo is not None:
        return _against(op, left, right.lo)
    if left.exact and left.lo is not None:
        flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
        return _against(flipped, right, left.lo)
    return UNKNOWN


def _against(op: str, rng: VersionValue, v: Key) -> Any:
    """``x op v`` for every ``x`` in ``rng``."""
    lo_c = None if rng.lo is None else compare(rng.lo, v)  # lo vs v
    hi_c = None if rng.hi is None else compare(rng.hi, v)  # hi (excluded) vs v
    all_below = hi_c is not None and hi_c <= 0  # every x < v
    all_at_or_above = lo_c is not None and lo_c >= 0  # every x >= v
    all_above = lo_c is not None and lo_c > 0  # every x > v
    if op == "<":
        return True if all_below else False if all_at_or_above else UNKNOWN
    if op == ">=":
        return True if all_at_or_above else False if all_below else UNKNOWN
    if op == ">":
        return True if all_above else False if all_below else UNKNOWN
    # "<=": every x <= v is implied by all_below; none when all_above
    return True if all_below else False if all_above else UNKNOWN


def _major_prefix(prefix: str) -> int | None:
    """The major version a ``startswith`` prefix pins (``"2."``, ``"2.2"``), else None."""
    m = re.match(r"^(\d+)\.", prefix)
    return int(m.group(1)) if m else None


def starts_with(rng: VersionValue, prefix: str) -> Any:
    """``str(version).startswith(prefix)`` for every version in ``rng``: decided when no
    version in it has the prefix's major, or (prefix ``"N."``) when they all do."""
    major = _major_prefix(prefix)
    if major is None:
        return UNKNOWN
    below = rng.hi is not None and compare(rng.hi, _released(major)) <= 0
    above = rng.lo is not None and compare(rng.lo, _released(major + 1)) >= 0
    if below or above:
        return False
    inside = (
        rng.lo is not None
        and compare(rng.lo, _released(major)) >= 0
        and rng.hi is not None
        and compare(rng.hi, _released(major + 1)) <= 0
    )
    if inside and prefix == f"{major}.":
        return True
    return UNKNOWN


def _version_module(value: Any) -> str | None:
    """``tensorflow`` for ``Ref("tensorflow.__version__")``, else None."""
    if isinstance(value, Ref) and value.qual.endswith(".__version__"):
        return value.qual[: -len(".__version__")]
    return None


class VersionsOverlay(Overlay):
    name = "versions"

    def _of(self, value: Any) -> VersionValue | None:
        module = _version_module(value)
        if module is not None:
            return library_version(self.ctx.keras, module)
        if isinstance(value, str):
            key = parse_key(value)
            return VersionValue(key, key, True) if key is not None else None
        if isinstance(value, VersionValue):
            return value
        return None

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        qual = ref.qual
        if qual in _PARSERS:
            if args is None or len(args) != 1 or args[0].keyword not in (None, "version", "vstring"):
                return NOT_FOLLOWED
            found = self._of(args[0].value)
            return found if found is not None else NOT_FOLLOWED
        if qual.endswith(".__version__.startswith"):
            rng = library_version(self.ctx.keras, qual[: -len(".__version__.startswith")])
            if rng is None or args is None or len(args) != 1 or args[0].keyword is not None:
                return NOT_FOLLOWED
            prefix = args[0].value
            if not isinstance(prefix, str):
                return NOT_FOLLOWED
            found = starts_with(rng, prefix)
            return NOT_FOLLOWED if found is UNKNOWN else found
        return NOT_FOLLOWED

    def binop(self, op: str, left: Any, right: Any) -> Any:
        if op not in ("<", "<=", ">", ">="):
            return NOT_FOLLOWED
        if not (isinstance(left, VersionValue) or isinstance(right, VersionValue)):
            return NOT_FOLLOWED
        a, b = self._of(left), self._of(right)
        if a is None or b is None:
            return NOT_FOLLOWED
        return decide(op, a, b)

    def truth(self, value: Any) -> Any:
        return True if isinstance(value, VersionValue) else NOT_FOLLOWED
