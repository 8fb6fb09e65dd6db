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
        # keyed by ``id(node)``: libcst's ``CSTNode.__hash__`` is a Python method, called twice per
        # node here; the module holds every node it generates, so the ids are stable meanwhile
        self.spans: dict[int, tuple[int, int]] = {}
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
        key = id(node)
        if key not in self.spans:
            self.spans[key] = (start, self.offset)

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
        start = self.start if self.start_node is None else spans[id(self.start_node)][0]
        end = self.state.offset if self.end_node is None else spans[id(self.end_node)][1]
        spans[id(self.node)] = (start, end)


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
        self._located: dict[int, Span] = {}  # id(node) -> its span, once asked for
        self._statements: list[tuple[int, int]] = []  # each generated top-level statement's code range
        self._counts: list[int] = []  # spans recorded after the header, after each statement

    def __call__(self, node: cst.CSTNode) -> Span:
        key = id(node)
        span = self._located.get(key)
        if span is not None:
            return span
        offsets = self.offsets(node)
        if offsets is None:
            return UNKNOWN  # not a node of the module (not kept: its id may be reused)
        start, end = offsets
        line, column = self._line_column(start)
        end_line, end_column = self._line_column(end)
        span = self._located[key] = Span(line, column + 1, end_line, end_column + 1)
        return span

    def offsets(self, node: cst.CSTNode) -> tuple[int, int] | None:
        """``node``'s (start, end) character offsets in the module's code, or None if it is not in it."""
        state = self._started()
        key = id(node)
        found = state.spans.get(key)
        while found is None and not self._done:
            self._advance()
            found = state.spans.get(key)
        return found

    def statement_ranges(self) -> list[tuple[int, int]]:
        """Each top-level statement's (start, end) offsets in the module's code, with the lines
        it owns before it (comments, blank lines): the ranges follow one another without a gap."""
        while self._next < len(self.module.body):
            self._advance()
        return self._statements

    def code_length(self) -> int:
        """Where the generated code ends: ``len(module.code)``, plus the last newline when the
        module has no trailing newline (libcst drops that token after generating it)."""
        while not self._done:
            self._advance()
        assert self._state is not None
        return self._state.offset

    def after_edit(self, module: cst.Module, first: int, count: int) -> Locator | None:
        """A locator for ``module``: this locator's module with its top-level statements from
        ``first`` on replaced, ``count`` new ones in their place, the statements before and after
        them (and the header and footer) being the same node objects.

        Only the new statements are generated; the others keep their offsets, shifted by the
        length the edit added. None when this locator has not generated its whole module or the
        modules do not fit that description."""
        old = self.module
        kept_after = len(module.body) - first - count
        removed = len(old.body) - first - kept_after
        if (
            first < 0
            or count < 0
            or removed < 0
            or kept_after < 1  # the new statements go between old ones
            or first + removed >= len(old.body)
            or module.header is not old.header
            or module.footer is not old.footer
            or any(a is not b for a, b in zip(module.body[:first], old.body[:first], strict=True))
            or any(a is not b for a, b in zip(module.body[first + count :], old.body[first + removed :], strict=True))
        ):
            return None
        while not self._done:
            self._advance()
        old_state = self._state
        assert old_state is not None
        ranges, counts = self._statements, self._counts
        cut = ranges[first][0]  # where the new statements go
        resume = ranges[first + removed][0]  # where the old statements after them started
        items = list(old_state.spans.items())
        new = Locator(module)
        new._state = state = _OffsetState(module)
        state.spans = dict(items[: counts[first]])  # the header and the statements before
        state.offset = cut
        new._counts = counts[: first + 1]
        new._statements = ranges[:first]
        for stmt in module.body[first : first + count]:
            start = state.offset
            stmt._codegen(state)
            new._statements.append((start, state.offset))
            new._counts.append(len(state.spans))
        delta = state.offset - resume
        ends = [e for e in self._newline_ends if e <= cut]
        new._newline_ends = ends
        new._scanned, new._scanned_to = 0, cut
        new._scan()  # the new statements' newlines, token by token as libcst counts them
        ends.extend(e + delta for e in self._newline_ends if e > resume)
        shift = len(state.spans) - counts[first + removed]
        spans = state.spans
        for key, (start, end) in items[counts[first + removed] : -1]:  # the statements after, the footer
            spans[key] = (start + delta, end + delta)
        module_start, module_end = old_state.spans[id(old)]
        spans[id(module)] = (module_start, module_end + delta)
        new._statements.extend((a + delta, b + delta) for a, b in ranges[first + removed :])
        new._counts.extend(c + shift for c in counts[first + removed + 1 :])
        state.offset = old_state.offset + delta
        new._next = len(module.body)
        new._done = True
        return new

    def _started(self) -> _OffsetState:
        if self._state is None:
            self._state = state = _OffsetState(self.module)
            state.before_codegen(self.module)  # Module._codegen, taken apart
            for line in self.module.header:
                line._codegen(state)
            self._counts.append(len(state.spans))
            self._scan()
        return self._state

    def _advance(self) -> None:
        """Generate the next top-level statement (after the last: the footer and the module itself)."""
        state = self._started()
        module = self.module
        if self._next < len(module.body):
            start = state.offset
            module.body[self._next]._codegen(state)
            self._statements.append((start, state.offset))
            self._counts.append(len(state.spans))
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
