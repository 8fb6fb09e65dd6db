"""The project's own modules, followed: ``from .layers import Attention`` is the class itself.

An import binds a ``Ref`` (``source/imports.py``). When the program uses a name bound to a
``Ref`` of a module that is not a library (``source/modules.py`` finds its file the way Python
would, never importing it), ``Modules.resolve`` reads that module once per analysis, runs its
top-level statements in this same context under their own globals and their own Keras target,
and gives back the name's value there: a function, a class (a custom Keras layer or model), a
constant, a model built at module level, or the module itself (``import pkg.layers as L``).
From then on the name behaves exactly as if it were defined in the importing file: a function
runs with its own module's globals (its imports resolve from its own file).

Running a module's top level reports nothing and counts nothing: the findings, applications,
models and "not followed" notes it makes are dropped (they belong to that file's own lint
run), and so are the functions and classes it defines from the standalone checks.

Bounds: a module is read only when a name from it is used; at most ``MAX_MODULES`` modules
and ``MAX_BYTES_TOTAL`` bytes per analysis, imports followed ``MAX_DEPTH`` deep, an import
cycle is cut (the name stays unknown), and a module's top level gets at most ``LOAD_STEPS``
statements. What cannot be followed keeps the ``Ref`` it was, as before, with a ``--verbose``
reason.

Findings caused in the importing file inside code of another module (a stacked-LSTM bug in an
imported ``build_model()`` called with the importing file's arguments) are reported at the
importing file's call, naming the other file and line, unless that module's own analysis
already reports the same problem at the same place (``settle``; docs/analysis.md).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.findings import Finding
from lstmlint.graph.model import Analysis
from lstmlint.interp.flow import STEP_BUDGET, BudgetExceeded
from lstmlint.interp.names import children
from lstmlint.interp.overlays.values import FunctionalModel, SequentialModel
from lstmlint.interp.values import NOT_FOLLOWED, Arg, ClassValue, PathEnd, Scope, Unfollowable
from lstmlint.shapes import UNKNOWN
from lstmlint.source.imports import Ref
from lstmlint.source.keras_target import detect
from lstmlint.source.modules import (
    Layout,
    SourceModule,
    Unreadable,
    find_module,
    is_library,
    is_package_file,
    layout_of,
    may_define,
    read_module,
)

if TYPE_CHECKING:
    from lstmlint.interp.context import Context
    from lstmlint.source.positions import Locator

# A real library's call chain reads more than a handful of modules: a stellargraph test reads the
# package's ``__init__`` (19 star imports), the layer module, its helpers and the data generator's
# modules (on the script corpus, 8 modules and 4,000 statements followed 409 of 543 models, 16
# modules and 8,000 statements 440 of 554, for about 5 % more analysis time; 24 modules 7 more
# models than 16 at no measurable cost: the statement budget bounds the work, docs/analysis.md;
# 16,000 statements instead of 8,000: 5 more models followed and 9 more found, same CPU)
MAX_MODULES = 24  # modules read per analysis
MAX_BYTES_TOTAL = 768 << 10  # their total size (a followed module is parsed once per process)
MAX_DEPTH = 3  # imports followed this deep (the linted file's imports are depth 1)
LOAD_STEPS = 1_000  # statements one module's top level may take
CALL_STEPS = 2_000  # statements one call from the analysed file into another module's code may take
FOREIGN_STEPS = 16_000  # statements of other modules' code (top levels and calls) per analysis

_IMPORT_LINE = re.compile(r"^[ \t]*(?:from[ \t]+(\.|[A-Za-z_]\w*)|import[ \t]+([^\n#;]+))", re.MULTILINE)


def may_import_local(text: str) -> bool:
    """Whether ``text`` has an import that may name a project module (a relative import, or a
    top-level name that is neither a library the overlays model nor the standard library): a
    file without one pays nothing for cross-module following."""
    for m in _IMPORT_LINE.finditer(text):
        if m.group(1) is not None:
            if m.group(1) == "." or not is_library(m.group(1)):
                return True
            continue
        for item in m.group(2).split(","):
            root = item.strip().split(" ")[0].split(".")[0].strip("()\\ \t")
            if root and root.isidentifier() and not is_library(root):
                return True
    return False


@dataclass(eq=False)
class ModuleValue:
    """A project module the analysis read: its globals after its top level ran."""

    path: Path
    qual: str  # the name it was imported by (for messages and fallbacks)
    globals: Scope
    package: bool  # an ``__init__.py``: its submodules are found next to it
    stars: tuple[str, ...] = ()  # the modules its top level imports ``*`` from (``from .layers import *``)


def _state(value: Any) -> Any:
    """What a call could change of ``value`` that the analysis would notice: a Sequential model's
    layers and output so far; None for a value whose change cannot be told."""
    if isinstance(value, SequentialModel):
        return (len(value.layers), id(value.current), value.lost, value.partial)
    if isinstance(value, FunctionalModel):
        return ()
    return None


def _module_nodes(source: SourceModule) -> set[int]:
    """``_nodes`` of a followed module, kept with its parse (``read_module`` keeps a module's
    parse per process, and every file importing it asks the same)."""
    found: set[int] | None = source.memo.get("node_ids")
    if found is None:
        found = source.memo["node_ids"] = _nodes(source.module)
    return found


def _nodes(module: cst.Module) -> set[int]:
    """Ids of every node of ``module`` that may carry a finding or a label."""
    found: set[int] = set()
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        found.add(id(node))
        stack.extend(children(node))
    return found


def _locator(source: SourceModule) -> Locator:
    """The positions of a followed module, kept with its parse (a ``Locator`` generates the
    module's code once)."""
    from lstmlint.source.positions import Locator

    locate: Locator | None = source.memo.get("locator")
    if locate is None:
        locate = source.memo["locator"] = Locator(source.module)
    return locate


class Modules:
    """One analysis' view of the project's modules; owned by the context (``ctx.modules``)."""

    def __init__(self, ctx: Context, path: Path, keras_setting: str = "auto") -> None:
        self.ctx = ctx
        self.path = path.resolve()
        self.keras_setting = keras_setting
        self._layout: dict[Path, Layout] = {}
        self.origin: dict[int, Path] = {id(ctx.globals): self.path}  # id(module scope) -> its file
        self.loaded: dict[Path, ModuleValue | None] = {}  # None: tried, cannot be followed
        # ``_may_define``: the file of a ``from module import *`` (by module and importing file),
        # and whether its text binds a name (by file and name)
        self._star_paths: dict[tuple[str, Path], Path | None] = {}
        self._star_defines: dict[tuple[Path, str], bool] = {}
        self.starring: set[tuple[Path, str]] = set()  # (module, name) looked up through its ``import *``
        # (module, name) a module shown not to give: not bound, and not given by what it imports
        # ``*`` from (their text does not bind it, or they do not give it either), no submodule
        self._absent: set[tuple[Path, str]] = set()
        self._too_deep = 0  # modules refused for their import depth so far (``load``)
        self.sources: dict[Path, SourceModule] = {}
        self.loading: list[Path] = [self.path]
        self.depth: dict[Path, int] = {self.path: 0}  # imports away from the analysed file
        self.followed: dict[str, str] = {}  # path -> sha256 ("" : looked for, absent)
        self._memo: dict[tuple[int, str, bool], Any] = {}
        self._library: dict[str, bool] = {}
        self._found: dict[tuple[Path, str, int], tuple[Path | None, tuple[Path, ...]]] = {}  # ``_find``
        self.total_bytes = 0
        self._node_ids: dict[Path, set[int]] = {}
        self.entry: dict[Path, cst.CSTNode] = {}  # a foreign module -> the importing file's call into it
        self.moved: dict[int, cst.CSTNode] = {}  # id(node of a foreign module) -> the call that made it
        self._native_ids: set[int] | None = None
        self.deferring = 0  # > 0 while another module's top level runs
        self.spent = 0  # statements run in other modules' code (FOREIGN_STEPS)
        self.inside = 0  # > 0 while a call into another module's code runs
        self.too_big: set[cst.CSTNode] = set()  # definitions whose call took more than CALL_STEPS

    # ------------------------------------------------------------ resolution
    def layout(self, origin: Path) -> Layout:
        found = self._layout.get(origin.parent)
        if found is None:
            own = layout_of(origin)
            root = self.layout(self.path).root if origin != self.path else own.root
            found = Layout(own.folder, own.bases, root)
            self._layout[origin.parent] = found
        return found

    def _find(self, origin: Path, name: str, level: int) -> tuple[Path | None, tuple[Path, ...]]:
        """``find_module`` of ``name`` (``level`` leading dots) imported from the file ``origin``,
        and the paths it looked for that do not exist; looked for once per analysis. Every
        prefix of a dotted name is tried for each name resolved (``pkg.layer.GCN`` and
        ``pkg.layer.GAT`` both try ``pkg.layer`` and ``pkg``), and each try resolves links and
        stats files: on the real-code corpora 4 to 6 calls in 10 asked again what the analysis
        had asked already, and the answer is the same (``find_module`` depends only on its arguments
        and on the files, which one analysis takes as they are)."""
        key = (origin, name, level)
        found = self._found.get(key)
        if found is None:
            probed: list[Path] = []
            path = find_module(self.layout(origin), name, level, origin, probed)
            found = self._found[key] = (path, tuple(probed))
        return found

    def resolve(self, ref: Ref, scope: Scope, now: bool = False) -> Any:
        """What ``ref`` (a name's value found in ``scope``) is, when it names something of a
        project module; else ``ref`` itself. While another module's top level runs, its names
        stay as they are (they resolve from its globals when the analysed file uses them) unless
        ``now`` (the base classes of a class it defines, which are read whatever the import
        depth: a class whose base is not followed has no method the analysis can follow)."""
        if self.deferring and not now:
            return ref
        qual = ref.qual
        library = self._library.get(qual)
        if library is None:
            root = qual.split(".", 1)[0]
            # a name a library overlay models stays the library's (ART's loaders in ART's own sdist)
            library = self._library[qual] = bool(root) and (is_library(root) or self.ctx.overlays.claims(qual))
        if library:
            return ref
        root_scope = scope
        while root_scope.parent is not None:
            root_scope = root_scope.parent
        origin = self.origin.get(id(root_scope))
        if origin is None:
            return ref
        key = (id(root_scope), qual, now)
        if key in self._memo:
            return self._memo[key]
        value, final = self._resolve(qual, origin, base=now)
        found = ref if value is NOT_FOLLOWED else value
        if final:
            self._memo[key] = found
        return found

    def _resolve(self, qual: str, origin: Path, base: bool = False) -> tuple[Any, bool]:
        """(value or NOT_FOLLOWED, whether that answer is final: a cut cycle is not); ``base``:
        a class's base, read beyond ``MAX_DEPTH``."""
        refused = self._too_deep
        level = len(qual) - len(qual.lstrip("."))
        rest = qual[level:]
        parts = rest.split(".") if rest else []
        path: Path | None = None
        k = len(parts)
        lowest = 0 if level else 1
        while k >= lowest:
            path, probed = self._find(origin, ".".join(parts[:k]), level)
            for p in probed:
                self.followed.setdefault(str(p), "")
            if path is not None:
                break
            k -= 1
        if path is None:
            return NOT_FOLLOWED, True
        module, final = self.load(path, ".".join(parts[:k]) or qual, self.depth.get(origin, 0) + 1, base)
        if module is None:
            return NOT_FOLLOWED, final
        value: Any = module
        for name in parts[k:]:
            value = self.attribute(value, name)
            if value is NOT_FOLLOWED:  # final unless a module was too deep (nearer later, maybe)
                return NOT_FOLLOWED, self._too_deep == refused
        return value, True

    def attribute(self, base: Any, name: str) -> Any:
        """``module.name`` (or a class attribute reached through a module), NOT_FOLLOWED when
        the module has no such name the analysis knows."""
        if isinstance(base, ModuleValue):
            if name in base.globals:
                value = base.globals[name]
                return self.resolve(value, base.globals) if type(value) is Ref else value
            key = (base.path, name)
            if key in self._absent:
                return NOT_FOLLOWED
            absent = key not in self.starring  # shown absent (not just cut short by a cycle)
            if base.stars and key not in self.starring:  # ``from .layers import *`` in ``__init__.py``
                self.starring.add(key)  # (modules importing ``*`` from each other: looked up once)
                refused = self._too_deep
                try:
                    for star in base.stars:
                        if not self._may_define(star, name, base.path):
                            continue  # not read (and run) for a name its text does not define
                        found = self.star_name(star, name, base.globals)
                        if found is not NOT_FOLLOWED:
                            return found
                        path = self._star_paths.get((star, base.path))
                        absent = absent and (path is None or (path, name) in self._absent)
                finally:
                    self.starring.discard(key)
                absent = absent and self._too_deep == refused  # a module too deep: not shown absent
            if base.package:
                found = self._submodule(base.path, name)
                if found is not None:
                    absent = False
                    module, _ = self.load(found, f"{base.qual}.{name}", self.depth.get(base.path, 0))
                    if module is not None:
                        return module
            if absent:  # ``len``, ``range``...: no module the star imports give binds it
                self._absent.add(key)
            return NOT_FOLLOWED
        if isinstance(base, ClassValue):
            try:
                return base.lookup(name)
            except KeyError:
                return NOT_FOLLOWED
        return NOT_FOLLOWED

    def _submodule(self, package: Path, name: str) -> Path | None:
        """The file of the submodule ``name`` of the package whose ``__init__.py`` is ``package``
        (``_find``: looked for once per analysis, though ``from pkg import *`` asks it for every
        name the program reads that is not bound: ``len``, ``range``...)."""
        found, probed = self._find(package, name, 1)
        for p in probed:
            self.followed.setdefault(str(p), "")
        return found

    def bases(self, bases: list[Any], env: Scope) -> list[Any]:
        """A class's evaluated bases, the project's own classes among them resolved (also while
        another module's top level runs: a custom layer deriving from the project's base layer)."""
        return [self.resolve(b, env, now=True) if type(b) is Ref else b for b in bases]

    def foreign(self, env: Scope) -> bool:
        """Whether code whose definition ran in ``env`` belongs to another module."""
        root = env
        while root.parent is not None:
            root = root.parent
        return root is not self.ctx.globals and id(root) in self.origin

    def call(
        self, follow: Callable[[], Any], args: list[Arg] | None, node: cst.CSTNode, name: str, key: cst.CSTNode
    ) -> Any:
        """``follow()``: a call from the analysed file into another module's function or class
        (``key``: its definition), within ``CALL_STEPS`` statements and what is left of
        ``FOREIGN_STEPS``. A call that cannot get its full budget, or of a definition that took
        more than it before, is not started: it is treated as a library's code is (a model it is
        given stays as it was; docs/analysis.md). A call stopped at its budget has its result
        unknown, and what it was given is forgotten unless it was left as it was."""
        if self.inside:
            return follow()
        ctx = self.ctx
        flow = ctx.flow
        if any(isinstance(a.value, (SequentialModel, FunctionalModel)) for a in args or ()):
            # code given a whole model (a converter, a wrapper, an energy estimate, a plot) reads
            # it: treated as a library's code, which keeps the model as it was (docs/analysis.md)
            return ctx.evaluator.call_unknown(args, node, outside=True)  # type: ignore[arg-type]
        left = FOREIGN_STEPS - self.spent
        if left < CALL_STEPS or key in self.too_big:
            why = f"call to `{name}` of another module is not followed: its statement budget is spent"
            if key in self.too_big:
                why = f"call to `{name}` of another module is not followed: it took more than {CALL_STEPS} statements"
            ctx.sink.lose(node, why)
            return ctx.evaluator.call_unknown(args, node, outside=True)  # type: ignore[arg-type]
        before = flow.steps
        file_left = STEP_BUDGET - before
        cap = min(CALL_STEPS, file_left)
        start = flow.steps = STEP_BUDGET - cap
        states = [(a.value, _state(a.value)) for a in args or ()]
        self.inside += 1
        try:
            return follow()
        except BudgetExceeded:
            if cap == file_left:
                raise  # the file's own budget: the whole analysis stops, as without modules
        finally:
            self.inside -= 1
            used = max(0, flow.steps - start)
            flow.steps = before + used
            self.spent += used
        self.too_big.add(key)
        why = f"call to `{name}` of another module is not followed: it took more than {CALL_STEPS} statements"
        for value, state in states:
            if state is not None and _state(value) == state and ctx.overlays.passed_out(value, node, why):
                continue  # a model it was given, left as it was
            ctx.lose_value(value, node, why)
        ctx.sink.lose(node, why)
        found = ctx.overlays.opaque_result(args, node, why)
        return UNKNOWN if found is NOT_FOLLOWED else found

    def _may_define(self, module: str, name: str, origin: Path) -> bool:
        """Whether the project module ``module`` (imported with ``*`` by the module at
        ``origin``) may bind ``name`` at its top level: a ``def``/``class``/assignment/import of
        that name in its text. A ``from .layers import *`` in a package's ``__init__.py`` is then
        read only for the names it gives, as the module budget counts what is read."""
        where = (module, origin)
        if where in self._star_paths:  # looked up once per analysis: a name is asked again and again
            path = self._star_paths[where]
        else:
            level = len(module) - len(module.lstrip("."))
            path = self._star_paths[where] = self._find(origin, module[level:], level)[0]
        if path is None:
            return False
        if path in self.loaded:
            return True
        key = (path, name)
        found = self._star_defines.get(key)
        if found is None:
            try:
                source = read_module(path)
            except Unreadable:
                return False
            self.followed.setdefault(str(path), source.sha256)  # the result depends on its text
            found = self._star_defines[key] = may_define(source, name)  # one scan of the text per module
        return found

    def star_name(self, module: str, name: str, scope: Scope) -> Any:
        """``name`` from ``from module import *`` when ``module`` is a project module."""
        found = self.resolve(Ref(module), scope)
        if isinstance(found, ModuleValue) and not name.startswith("_"):
            return self.attribute(found, name)
        return NOT_FOLLOWED

    # --------------------------------------------------------------- loading
    def load(self, path: Path, qual: str, depth: int = 1, base: bool = False) -> tuple[ModuleValue | None, bool]:
        """The module at ``path`` with its top level run (once per analysis); (None, final)
        when it cannot be followed (final False: only for now, an import cycle). ``depth``:
        how many imports away from the analysed file it is (its own imports are 1); ``base``:
        it gives a class's base, read whatever the depth (the other budgets still hold)."""
        if path in self.loaded:
            if depth < self.depth.get(path, depth):
                self.depth[path] = depth  # imported again from nearer: its own imports reach further
            return self.loaded[path], True
        ctx = self.ctx
        where = ctx.current_scope
        why: str | None = None
        if path in self.loading:
            ctx.sink.lose(None, f"module `{qual}` imports itself back (an import cycle): not followed")
            return None, False
        if depth > MAX_DEPTH and not base:
            ctx.sink.lose(None, f"module `{qual}`: imports nested more than {MAX_DEPTH} deep are not followed")
            self._too_deep += 1  # only for now: the importing module may be imported from nearer later
            return None, False
        if len([m for m in self.loaded.values() if m is not None]) >= MAX_MODULES:
            why = f"module `{qual}`: more than {MAX_MODULES} modules in this analysis, not followed"
        elif self.spent >= FOREIGN_STEPS and not self.inside:
            why = f"module `{qual}`: other modules' code took {FOREIGN_STEPS} statements already, not followed"
        else:
            try:
                source = read_module(path)
            except Unreadable as e:
                why = f"module `{qual}` ({path.name}) is not followed: {e}"
                self.followed[str(path)] = "?"
            else:
                self.followed[str(path)] = source.sha256
                if self.total_bytes + len(source.text) > MAX_BYTES_TOTAL:
                    why = f"module `{qual}`: the modules followed would exceed {MAX_BYTES_TOTAL} bytes, not followed"
                else:
                    self.total_bytes += len(source.text)
                    self.sources[path] = source
                    self.depth[path] = depth
                    value = self._run(source, qual)
                    self.loaded[path] = value
                    ctx.current_scope = where
                    if value is None:
                        ctx.sink.lose(None, f"module `{qual}` ({path.name}): its top level could not be followed")
                    return value, True
        self.loaded[path] = None
        ctx.sink.lose(None, why)
        return None, True

    def _run(self, source: SourceModule, qual: str) -> ModuleValue | None:
        """Run ``source``'s top level in this context, reporting and counting nothing."""
        ctx = self.ctx
        result = ctx.result
        functions, classes, flow = ctx.functions, ctx.classes, ctx.flow
        env = Scope()
        env["__name__"] = qual.lstrip(".") or source.path.stem
        env["__file__"] = str(source.path)
        self.origin[id(env)] = source.path
        value = ModuleValue(source.path, qual, env, is_package_file(source.path))
        saved = (
            ctx.target,
            ctx.star_modules,
            ctx.call_context,
            ctx.current_scope,
            flow.steps,
            functions.standalone,
        )
        marks = (
            len(result.findings),
            len(result.applications),
            len(result.models),
            len(result.lost),
            len(functions.defined),
            len(classes.defined),
            len(classes.instances),
        )
        ctx.target = detect(source.text, source.path, self.keras_setting)
        ctx.star_modules = []
        ctx.call_context = ()
        functions.standalone = False
        start = flow.steps = max(flow.steps, STEP_BUDGET - min(LOAD_STEPS, FOREIGN_STEPS - self.spent))
        self.loading.append(source.path)
        self.deferring += 1
        ok = True
        try:
            ctx.evaluator.exec_block(source.module.body, env)
        except BudgetExceeded:
            ok = False
        except (PathEnd, Unfollowable):
            pass  # a module-level ``raise``: what ran before it stays
        except RecursionError:
            ok = False
        finally:
            self.deferring -= 1
            self.loading.pop()
            value.stars = tuple(ctx.star_modules)
            ctx.target, ctx.star_modules, ctx.call_context, ctx.current_scope, steps, functions.standalone = saved
            if not self.inside:  # (inside a call, the call's own budget counts them)
                self.spent += max(0, flow.steps - start)
            flow.steps = steps
            del result.findings[marks[0] :]
            del result.applications[marks[1] :]
            del result.models[marks[2] :]
            del result.lost[marks[3] :]
            del functions.defined[marks[4] :]
            del classes.defined[marks[5] :]
            del classes.instances[marks[6] :]
        return value if ok else None

    # ---------------------------------------------------------------- after
    def native(self, node: cst.CSTNode) -> bool:
        """Whether ``node`` belongs to the analysed file (one walk of it, the first time another
        module is read)."""
        if not self.sources:
            return True  # no other module was read: every node is the file's own
        if self._native_ids is None:
            self._native_ids = _nodes(self.ctx.module)
        return id(node) in self._native_ids

    def _module_of(self, node: cst.CSTNode) -> Path | None:
        if self.native(node):
            return None
        for path, source in self.sources.items():
            ids = self._node_ids.get(path)
            if ids is None:
                ids = self._node_ids[path] = _module_nodes(source)
            if id(node) in ids:
                return path
        return None

    def settle(self, analysis: Analysis) -> None:
        """Findings whose node lies in another module: reported at the importing file's call
        into that module (naming the other file's line), unless that module's own analysis
        reports the same problem there; dropped when no call of the importing file led there.
        Applications and models made in another module's code are shown at that call too."""
        if not self.sources:
            return
        kept: list[Finding] = []
        own: dict[Path, set[tuple[str, int]]] = {}
        for finding in analysis.findings:
            where = self._module_of(finding.node)
            if where is None:
                kept.append(finding)
                continue
            native = [n for n in finding.context if self.native(n)]
            if not native:
                continue
            if where not in own:
                own[where] = self._own_findings(where)
            if (finding.problem.code, id(finding.node)) in own[where]:
                continue
            call = native[-1]
            self.entry.setdefault(where, call)
            line = _locator(self.sources[where])(finding.node).line
            shown = os.path.relpath(where, self.path.parent)
            name = analysis.call_names.get(call, "a function")
            if "(the problem is at" not in name:
                analysis.call_names[call] = f"{name} (the problem is at {shown}:{line})"
            kept.append(
                Finding(
                    finding.problem,
                    call,
                    app=finding.app,
                    layer=finding.layer,
                    severity=finding.severity,
                    context=tuple(native),
                )
            )
        analysis.findings[:] = kept
        reported = {f.node for f in kept}
        made: list[tuple[cst.CSTNode, tuple[cst.CSTNode, ...]]] = [(a.node, a.context) for a in analysis.applications]
        made += [(m.node, m.context) for m in analysis.models]
        for node, context in made:
            if self.native(node):
                continue
            native = [n for n in context if self.native(n)]
            if native and (id(node) not in self.moved or native[-1] in reported):
                self.moved[id(node)] = native[-1]  # the labels of a moved finding: at its own call
        # the file's shape coverage counts its own layer calls and models: those made inside
        # another module's code are counted by that module's own check
        analysis.applications[:] = [a for a in analysis.applications if self.native(a.node)]
        # "not followed" notes made inside another module's code belong to its own check
        analysis.lost[:] = [(n, why) for n, why in analysis.lost if n is None or self.native(n)]
        analysis.models[:] = [m for m in analysis.models if self.native(m.node)]

    def _own_findings(self, path: Path) -> set[tuple[str, int]]:
        """(code, id(node)) of what ``path``'s own analysis reports (without following its imports)."""
        source = self.sources[path]
        # A context of the same class as ours (importing Context here would be an import cycle).
        sub = type(self.ctx)(source.module, detect(source.text, path, self.keras_setting), source.text)
        try:
            found = sub.run()
        except Exception:  # noqa: BLE001 - the other file's own run would report its own failure
            return set()
        finally:
            sub.close()
        return {(f.problem.code, id(f.node)) for f in found.findings}

    def places(self) -> Callable[[cst.CSTNode], str | None] | None:
        """For a node of a followed module: ``other/file.py:LINE`` (the path relative to the
        analysed file's folder), for ``--verbose``; None for the analysed file's own nodes.
        None when no module was followed."""
        if not self.sources:
            return None
        sources, base = dict(self.sources), self.path.parent

        def place(node: cst.CSTNode) -> str | None:
            for path, source in sources.items():
                if id(node) in _module_nodes(source):
                    return f"{os.path.relpath(path, base)}:{_locator(source)(node).line}"
            return None

        return place

    def relocator(self) -> Callable[[cst.CSTNode], cst.CSTNode | None] | None:
        """For a node of another module a finding or a model's layer was made at: the importing
        file's call that reached it (where its labels, notes and summary lines are shown), else
        None; None when there is none (it keeps neither the context nor the modules alive)."""
        if not self.entry and not self.moved:
            return None
        owners = [
            (self.sources[path].module, self._node_ids.get(path) or _module_nodes(self.sources[path]), call)
            for path, call in self.entry.items()
        ]  # the modules are kept with their node ids, so that no id is reused
        keep = [self.sources[path].module for path in self.sources]
        moved = dict(self.moved)

        def elsewhere(node: cst.CSTNode) -> cst.CSTNode | None:
            call = moved.get(id(node)) if keep else None
            if call is not None:
                return call
            for _, ids, call in owners:
                if id(node) in ids:
                    return call
            return None

        return elsewhere
