"""Line/column spans of libcst nodes, computed cheaply and only as far as the nodes asked for.

The spans are exactly those of libcst's ``PositionProvider`` (syntactic positions: the node
without the whitespace it owns, start and end hoisted from child nodes where libcst says so),
converted once to 1-based lines and columns (``Span``; ``end_column`` points just past the end).

``MetadataWrapper(...).resolve(PositionProvider)`` regenerates the whole module's code while
updating a line and a column on every token and allocating a ``CodeRange`` for every node: about
twice the cost of parsing the file. Here the same code generation only adds each token's length
to a character offset, and records ``(start, end)`` offsets; lines and columns come afterwards,
for the nodes asked for, from where the newlines of the generated text are. The module is
generated one top-level statement at a time, and only up to the statement that holds the node
asked for (a node of line 20 does not pay for line 2,000).
"""

from __future__ import annotations

import re
from bisect import bisect_right

import libcst as cst
from libcst._nodes.internal import CodegenState

from lstmlint.diagnostics import Span

# libcst's own newline pattern (libcst/metadata/position_provider.py): a lone "\r" is a newline.
NEWLINE_RE = re.compile(r"\r\n?|\n")
UNKNOWN = Span(1, 1, 1, 1)  # a node that is not in the module (as before: the file's start)


class _OffsetState(CodegenState):
    """A codegen state that counts characters instead of lines and columns.

    It mirrors libcst's ``PositionProvidingCodegenState``: ``after_codegen`` records the
    whitespace-inclusive range of a node unless a syntactic range was recorded for it first, and
    ``record_syntactic_position`` overwrites, taking its start or end from ``start_node`` /
    ``end_node`` when given."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.offset = 0
        self.spans: dict[cst.CSTNode, tuple[int, int]] = {}
        self._stack: list[int] = []

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.offset += len(token)
        self.tokens.extend(self.indent_tokens)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._stack.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self._stack.pop()
        if node not in self.spans:
            self.spans[node] = (start, self.offset)

    def record_syntactic_position(  # type: ignore[override]  # any context manager will do
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> _Syntactic:
        return _Syntactic(self, node, start_node, end_node)


class _Syntactic:
    """``with state.record_syntactic_position(node, ...)``: a plain context manager (cheaper than a
    generator one, and entered for about every other node)."""

    __slots__ = ("end_node", "node", "start", "start_node", "state")

    def __init__(
        self,
        state: _OffsetState,
        node: cst.CSTNode,
        start_node: cst.CSTNode | None,
        end_node: cst.CSTNode | None,
    ) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node
        self.start = 0

    def __enter__(self) -> None:
        self.start = self.state.offset

    def __exit__(self, *exc: object) -> None:
        spans = self.state.spans
        start = self.start if self.start_node is None else spans[self.start_node][0]
        end = self.state.offset if self.end_node is None else spans[self.end_node][1]
        spans[self.node] = (start, end)


class Locator:
    """``locate(node) -> Span`` for the nodes of one parsed module; work is done on demand and kept.

    Call it with nodes of ``module`` itself (the original nodes, not ones rebuilt by a
    transformer); any other node gets ``Span(1, 1, 1, 1)``."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self._state: _OffsetState | None = None
        self._next = 0  # the next top-level statement to generate
        self._done = False
        self._newline_ends: list[int] = []  # offset just past each newline generated so far
        self._scanned = 0  # tokens already scanned for newlines
        self._scanned_to = 0  # ... and the offset they end at

    def __call__(self, node: cst.CSTNode) -> Span:
        offsets = self.offsets(node)
        if offsets is None:
            return UNKNOWN
        start, end = offsets
        line, column = self._line_column(start)
        end_line, end_column = self._line_column(end)
        return Span(line, column + 1, end_line, end_column + 1)

    def offsets(self, node: cst.CSTNode) -> tuple[int, int] | None:
        """``node``'s (start, end) character offsets in the module's code, or None if it is not in it."""
        state = self._started()
        found = state.spans.get(node)
        while found is None and not self._done:
            self._advance()
            found = state.spans.get(node)
        return found

    def _started(self) -> _OffsetState:
        if self._state is None:
            self._state = state = _OffsetState(self.module)
            state.before_codegen(self.module)  # Module._codegen, taken apart
            for line in self.module.header:
                line._codegen(state)
            self._scan()
        return self._state

    def _advance(self) -> None:
        """Generate the next top-level statement (after the last: the footer and the module itself)."""
        state = self._started()
        module = self.module
        if self._next < len(module.body):
            module.body[self._next]._codegen(state)
            self._next += 1
        else:
            for line in module.footer:
                line._codegen(state)
            if module.has_trailing_newline and not state.tokens:
                state.add_token(state.default_newline)
            # (without a trailing newline libcst pops the last token; positions do not move back)
            state.after_codegen(module)
            self._done = True
        self._scan()

    def _scan(self) -> None:
        """Note where the newlines of the tokens generated since the last scan end.

        Token by token where a "\\r" appears, as libcst counts lines token by token (a "\\r" that
        ends one token and a "\\n" that starts the next are two newlines to it)."""
        state = self._state
        assert state is not None
        tokens = state.tokens
        new = tokens[self._scanned :]
        base = self._scanned_to
        self._scanned, self._scanned_to = len(tokens), state.offset
        chunk = "".join(new)
        ends = self._newline_ends
        if "\r" not in chunk:
            ends.extend(base + m.end() for m in NEWLINE_RE.finditer(chunk))
            return
        for token in new:
            ends.extend(base + m.end() for m in NEWLINE_RE.finditer(token))
            base += len(token)

    def _line_column(self, offset: int) -> tuple[int, int]:
        """libcst's (1-based line, 0-based column) of ``offset`` (which is never past what was generated)."""
        ends = self._newline_ends
        before = bisect_right(ends, offset)
        return before + 1, offset - (ends[before - 1] if before else 0)
