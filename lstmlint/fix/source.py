"""What a fix needs to know about the source: parents, statements, names and import style."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from lstmlint.fix.edits import AddImportName, Edit
from lstmlint.source.imports import dotted, import_bindings, keras_path

# expressions whose insides are not evaluated where the enclosing statement is
_SCOPES = (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


@dataclass(frozen=True)
class Ref:
    """How to write a Keras name in this file, and the edits that make it available."""

    code: str
    edits: tuple[Edit, ...] = ()


class SourceInfo:
    """Facts about one parsed module, computed once."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.parent: dict[int, cst.CSTNode] = {}
        self.names: set[str] = set()
        self.loads: dict[str, list[cst.Name]] = {}
        self.stores: dict[str, list[cst.Name]] = {}
        # local name -> (qualified, import statement), resolved as the interpreter resolves it
        self.imports: dict[str, tuple[str, cst.CSTNode]] = {
            name: (b.ref.qual, b.stmt) for name, b in import_bindings(module).items()
        }
        self._walk(module)

    # ------------------------------------------------------------------ walking
    def _walk(self, root: cst.CSTNode) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            for child in node.children:
                self.parent[id(child)] = node
                stack.append(child)
            if isinstance(node, cst.Name):
                self.names.add(node.value)
                if self._is_load(node):
                    self.loads.setdefault(node.value, []).append(node)
                elif isinstance(self.parent.get(id(node)), cst.AssignTarget):
                    self.stores.setdefault(node.value, []).append(node)

    def _is_load(self, node: cst.Name) -> bool:
        p = self.parent.get(id(node))
        if isinstance(p, cst.Attribute) and p.attr is node:
            return False
        if isinstance(p, cst.Arg) and p.keyword is node:
            return False
        if isinstance(p, (cst.AssignTarget, cst.ImportAlias, cst.AsName, cst.FunctionDef, cst.ClassDef, cst.Param)):
            return False
        if isinstance(p, (cst.AugAssign, cst.AnnAssign)) and p.target is node:
            return False
        if isinstance(p, (cst.Element,)):  # tuple/list targets: a, b = ...
            gp = self.parent.get(id(p))
            ggp = self.parent.get(id(gp)) if gp is not None else None
            if isinstance(ggp, cst.AssignTarget):
                return False
        if isinstance(p, (cst.For, cst.CompFor)) and p.target is node:
            return False
        return True

    # ------------------------------------------------------------------ queries
    def parents(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        p = self.parent.get(id(node))
        while p is not None:
            yield p
            p = self.parent.get(id(p))

    def statement(self, node: cst.CSTNode) -> cst.SimpleStatementLine | None:
        """The simple statement line holding ``node``, if statements can go right before it."""
        for p in self.parents(node):
            if isinstance(p, _SCOPES):
                return None
            if isinstance(p, cst.SimpleStatementLine):
                holder = self.parent.get(id(p))
                return p if isinstance(holder, (cst.Module, cst.IndentedBlock)) else None
            if isinstance(p, cst.BaseCompoundStatement):
                return None
        return None

    def enclosing_call(self, node: cst.CSTNode) -> cst.Call | None:
        """The call ``node`` is an argument of (looking through lists, tuples and parentheses)."""
        child: cst.CSTNode = node
        for p in self.parents(node):
            if isinstance(p, cst.Call):
                return p if child is not p.func else None
            if not isinstance(p, (cst.Arg, cst.Element, cst.List, cst.Tuple, cst.StarredElement)):
                return None
            child = p
        return None

    def fresh_name(self, base: str, taken: set[str]) -> str:
        base = base if base.isidentifier() else "branch"
        name, n = base, 1
        while name in self.names or name in taken:
            n += 1
            name = f"{base}{n}"
        taken.add(name)
        return name

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node).strip()

    # ------------------------------------------------------------ import style
    def _qual(self, expr: cst.BaseExpression) -> str | None:
        text = dotted(expr)
        if text is None:
            return None
        head, _, rest = text.partition(".")
        if head not in self.imports:
            return None
        qual = self.imports[head][0]
        return f"{qual}.{rest}" if rest else qual

    def keras_ref(self, name: str, near: cst.BaseExpression | None) -> Ref | None:
        """``layers.Dense``, ``tf.keras.layers.Dense``, ``L.Dense`` or ``Dense`` (imported if need
        be): the way this file already names Keras layers, preferring how ``near`` is written."""
        # 1. the same module path the neighbouring layer is written with: layers.Add -> layers.Dense
        if isinstance(near, cst.Call):  # `layers.Add()` of `layers.Add()([a, b])`: its class
            near = near.func
        if isinstance(near, cst.Attribute):
            qual = self._qual(near.value)
            if qual is not None and keras_path(qual) == ("layers",):
                return Ref(f"{self.code(near.value)}.{name}")
        # 2. the name is already imported from Keras
        for local, (qual, _) in sorted(self.imports.items()):
            path = keras_path(qual)
            if path is not None and path[-1:] == (name,) and path[:1] in (("layers",), (name,)):
                return Ref(local)
        if name in self.loads or name in self.stores or name in self.imports:
            return None  # the bare name means something else here (``layers.Dense`` does not count)
        # 3. next to the neighbour's own `from keras.layers import ...`
        if isinstance(near, cst.Name) and near.value in self.imports:
            qual, stmt = self.imports[near.value]
            path = keras_path(qual)
            if isinstance(stmt, cst.ImportFrom) and path is not None and path[:1] == ("layers",) and len(path) == 2:
                return Ref(name, (AddImportName(stmt, name),))
        # 4. a layers module or the keras package already in scope
        candidates = []
        for local, (qual, _) in sorted(self.imports.items()):
            path = keras_path(qual)
            if path == ("layers",):
                candidates.append((0, f"{local}.{name}"))
            elif path == ():
                candidates.append((1, f"{local}.layers.{name}"))
            elif qual == "tensorflow":
                candidates.append((2, f"{local}.keras.layers.{name}"))
        if candidates:
            return Ref(min(candidates)[1])
        # 5. any `from keras.layers import ...`
        for _local, (qual, stmt) in sorted(self.imports.items()):
            path = keras_path(qual)
            if isinstance(stmt, cst.ImportFrom) and path is not None and len(path) == 2 and path[0] == "layers":
                return Ref(name, (AddImportName(stmt, name),))
        return None


def call_arg(call: cst.Call, position: int | None, keyword: str) -> cst.BaseExpression | None:
    """The argument passed at ``position`` or as ``keyword`` (None: not passed, or behind a ``*``)."""
    positional = 0
    for a in call.args:
        if a.keyword is not None:
            if a.keyword.value == keyword:
                return a.value
            continue
        if a.star:
            return None
        if position is not None and positional == position:
            return a.value
        positional += 1
    return None
