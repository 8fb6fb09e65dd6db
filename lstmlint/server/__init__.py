"""``lstmlint server``: a Language Server Protocol server for editors (needs ``lstmlint[lsp]``).

Diagnostics as you type, the inferred shape on hover and as inlay hints, verified fixes as
code actions, a CodeLens over each model, and notebooks analysed as one program. The server
analyses source text only: it never imports TensorFlow or Keras and never runs user code.

    lstmlint server            # speaks LSP on stdin/stdout
    python -m lstmlint.server

Importing this package is cheap; pygls is loaded only when the server starts.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

USAGE = """usage: lstmlint server [--stdio]

Start the lstmlint language server, speaking the Language Server Protocol on stdin/stdout.
Editors start it for you (see docs/editors.md).
"""


def main(argv: Sequence[str] = ()) -> int:
    """Entry point of ``lstmlint server``; returns the exit status."""
    args = [a for a in argv if a != "--stdio"]
    if any(a in ("-h", "--help") for a in args):
        sys.stdout.write(USAGE)
        return 0
    if args:
        sys.stderr.write(f"lstmlint server: unexpected argument {args[0]!r}\n{USAGE}")
        return 2
    try:
        from lstmlint.server.server import serve
    except ImportError as e:
        sys.stderr.write(
            f"lstmlint server: the language server needs pygls ({e.name or e}); "
            "install it with: pip install 'lstmlint[lsp]'\n"
        )
        return 2
    from lstmlint.source.parsing import owned

    with owned():  # the server's process is lstmlint's (source/parsing.py)
        serve()
    return 0


__all__ = ["main"]
