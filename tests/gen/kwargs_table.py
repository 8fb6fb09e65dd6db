"""Generate ``lstmlint/layers/accepted.py``: the keyword arguments each Keras version accepts in
each layer constructor lstmlint has a spec for, read from the installed packages' signatures:
``keras`` (Keras 3) and ``tf_keras`` (Keras 2, TensorFlow's legacy Keras).

    python tests/gen/kwargs_table.py            # rewrite the table
    python tests/gen/kwargs_table.py --check    # exit 1 if it drifted from the installed Keras

Rule: the named parameters of each ``__init__`` along the class' MRO, following the chain while
an ``__init__`` forwards ``**kwargs``, up to the package's base ``Layer``, which takes a fixed
set of extra keywords from its ``**kwargs`` and refuses anything else:

- Keras 3: ``input_dim``, ``input_shape`` (``Layer.__init__``);
- Keras 2: ``allowed_kwargs`` of ``tf_keras``' ``Layer.__init__`` (``input_dim``,
  ``input_shape``, ``batch_input_shape``, ``batch_size``, ``weights``, ...), read from its source.

Keywords an ``__init__`` takes out of ``**kwargs`` by name in its body (``Embedding``'s
``kwargs.pop("input_length", None)``, ``LSTM``'s ``implementation``, ``LeakyReLU``'s ``alpha``)
are read from its source and added. What a layer reads from ``**kwargs`` any other way is not
seen: the Keras 2 table is used to recognise Keras 2 arguments, never to report one as unknown.

The required parameters (``KERAS3_REQUIRED``/``KERAS2_REQUIRED``): the parameters without a
default of the first ``__init__`` along the MRO that names any (one taking only ``*args,
**kwargs`` passes everything on), each with its position (None: keyword-only). A class that
requires a parameter in one version and not in the other gets the other version's default in
``KERAS3_DEFAULTS``/``KERAS2_DEFAULTS`` as Python source, when it is a literal
(``AveragePooling2D``'s ``pool_size``: required by Keras 3, ``(2, 2)`` in Keras 2).
"""

from __future__ import annotations

import ast
import inspect
import os
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "lstmlint" / "layers" / "accepted.py"
KERAS3_BASE_EXTRA = ("input_dim", "input_shape")

HEADER = '''"""The keyword arguments each layer constructor accepts, per Keras version (generated; do not edit).

``KERAS3``: the installed ``keras`` (Keras 3); ``KERAS2``: the installed ``tf_keras`` (Keras 2).
Regenerate with ``python tests/gen/kwargs_table.py`` from an environment with both packages;
``tests/test_layer_registry.py`` fails when the tables drift from the installed packages.
Read them through ``LayerSpec.accepts``/``LayerSpec.accepted``. Keras {k3}; tf_keras {k2}. (This
data table is the one module besides the family modules that names layer classes: it is
generated from Keras, keyed by class name.)
"""

from __future__ import annotations

KERAS3_VERSION = "{k3}"
KERAS2_VERSION = "{k2}"

'''


def keras2_base_extra(base: type) -> tuple[str, ...]:
    """The names in ``allowed_kwargs = {...}`` of tf_keras' ``Layer.__init__``."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(base.__dict__["__init__"])))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "allowed_kwargs" for t in node.targets
        ):
            value = node.value
            if isinstance(value, ast.Set):
                return tuple(str(e.value) for e in value.elts if isinstance(e, ast.Constant))
    raise SystemExit("tf_keras' Layer.__init__ has no `allowed_kwargs` set: update the generator")


def popped(init: object) -> set[str]:
    """The keywords an ``__init__`` takes out of its ``**kwargs`` by name in its body:
    ``kwargs.pop("input_length", None)``, ``kwargs.get("x")``, ``"x" in kwargs``."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(init)))  # type: ignore[arg-type]
    except (OSError, TypeError, SyntaxError):
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "kwargs"
            and node.func.attr in ("pop", "get")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
        elif (
            isinstance(node, ast.Compare)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and len(node.ops) == 1
            and isinstance(node.ops[0], ast.In)
            and isinstance(node.comparators[0], ast.Name)
            and node.comparators[0].id == "kwargs"
        ):
            found.add(node.left.value)
    return found


def forwards_kwargs(init: object) -> bool:
    """Whether an ``__init__`` passes its ``**kwargs`` on (``super().__init__(..., **kwargs)``).
    Keras 3's ``IndexLookup`` (under ``StringLookup``/``IntegerLookup``) takes ``**kwargs``, pops
    what it knows and raises on the rest itself: the chain stops there. Unreadable: assumed."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(init)))  # type: ignore[arg-type]
    except (OSError, TypeError, SyntaxError):
        return True
    return any(isinstance(node, ast.Call) and any(k.arg is None for k in node.keywords) for node in ast.walk(tree))


def accepted(cls: type, is_base: Callable[[type], bool], extra: tuple[str, ...]) -> frozenset[str]:
    names: set[str] = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        params = inspect.signature(init).parameters.values()
        names.update(p.name for p in params if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))
        if not is_base(klass):
            names.update(popped(init))
        if is_base(klass):
            names.update(extra)
            break
        if not any(p.kind is p.VAR_KEYWORD for p in params) or not forwards_kwargs(init):
            break
    return frozenset(names)


Required = tuple[tuple[str, "int | None"], ...]


def signature_of(cls: type) -> tuple[Required, dict[str, object]]:
    """The required parameters (name, position or None) and the defaults of the ``__init__`` a
    call ``cls(...)`` binds its arguments to first."""
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        params = [p for p in inspect.signature(init).parameters.values() if p.name != "self"]
        named = [p for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if params and not named:
            continue  # ``__init__(self, *args, **kwargs)``: the parent's signature decides
        positional = [p.name for p in named if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        required = tuple(
            (p.name, positional.index(p.name) if p.name in positional else None) for p in named if p.default is p.empty
        )
        return required, {p.name: p.default for p in named if p.default is not p.empty}
    return (), {}


def literal(value: object) -> str | None:
    """``value`` as Python source, when it is a literal that reads back as itself."""
    text = repr(value)
    try:
        return text if ast.literal_eval(text) == value else None
    except (ValueError, SyntaxError):
        return None


def required_table(name: str, package: ModuleType) -> str:
    from lstmlint.layers.spec import all_specs

    lines = [f"{name}: dict[str, tuple[tuple[str, int | None], ...]] = {{\n"]
    for spec in sorted(all_specs(), key=lambda s: s.name):
        cls = getattr(package.layers, spec.name, None)
        if not isinstance(cls, type):
            continue
        required = signature_of(cls)[0]
        if required:
            body = ", ".join(f'("{param}", {position})' for param, position in required)
            lines.append(f'    "{spec.name}": ({body}{"," if len(required) == 1 else ""}),\n')
    lines.append("}\n")
    return "".join(lines)


def defaults_table(name: str, package: ModuleType, other: ModuleType) -> str:
    """The literal defaults ``package`` gives the parameters ``other`` requires."""
    from lstmlint.layers.spec import all_specs

    lines = [f"{name}: dict[str, dict[str, str]] = {{\n"]
    for spec in sorted(all_specs(), key=lambda s: s.name):
        mine, theirs = getattr(package.layers, spec.name, None), getattr(other.layers, spec.name, None)
        if not (isinstance(mine, type) and isinstance(theirs, type)):
            continue
        defaults = signature_of(mine)[1]
        found = {
            param: text
            for param, _ in signature_of(theirs)[0]
            if param in defaults and (text := literal(defaults[param])) is not None
        }
        if found:
            body = ", ".join(f'"{param}": "{text}"' for param, text in found.items())
            lines.append(f'    "{spec.name}": {{{body}}},\n')
    if len(lines) == 1:
        return lines[0].replace("{\n", "{}\n")
    lines.append("}\n")
    return "".join(lines)


def table(name: str, package: ModuleType, is_base: Callable[[type], bool], extra: tuple[str, ...]) -> str:
    from lstmlint.layers.spec import all_specs

    lines = [f"{name}: dict[str, frozenset[str]] = {{\n"]
    for spec in sorted(all_specs(), key=lambda s: s.name):
        cls = getattr(package.layers, spec.name, None)
        if not isinstance(cls, type):
            continue
        names = textwrap.wrap(
            ", ".join(f'"{n}"' for n in sorted(accepted(cls, is_base, extra))), 104, break_on_hyphens=False
        )
        body = "".join(f"        {chunk}\n" for chunk in names)
        lines.append(f'    "{spec.name}": frozenset({{\n{body}    }}),\n')
    lines.append("}\n")
    return "".join(lines)


def render() -> str:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tf_keras

    sys.path.insert(0, str(ROOT))
    k2_base = tf_keras.layers.Layer
    k2_extra = keras2_base_extra(k2_base)
    text = HEADER.format(k3=keras.__version__, k2=tf_keras.__version__)
    text += table(
        "KERAS3", keras, lambda k: k.__name__ == "Layer" and k.__module__.startswith("keras."), KERAS3_BASE_EXTRA
    )
    text += "\n" + table("KERAS2", tf_keras, lambda k: k is k2_base, k2_extra)
    text += "\n# required constructor parameters: class -> ((parameter, position or None if keyword-only), ...)\n"
    text += required_table("KERAS3_REQUIRED", keras)
    text += "\n" + required_table("KERAS2_REQUIRED", tf_keras)
    text += "\n# the literal default one version gives a parameter the other requires (Python source)\n"
    text += defaults_table("KERAS3_DEFAULTS", keras, tf_keras)
    text += "\n" + defaults_table("KERAS2_DEFAULTS", tf_keras, keras)
    return text


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = TABLE.read_text(encoding="utf-8") if TABLE.exists() else ""
        if current != text:
            print(f"{TABLE} drifted from the installed Keras: regenerate it", file=sys.stderr)
            return 1
        return 0
    TABLE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
