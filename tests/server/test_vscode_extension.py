"""The VS Code extension (``editors/vscode``), compiled and run outside VS Code.

``editors/vscode/test/activate.js`` stands in for the ``vscode`` module and the
LanguageClient class only: the compiled extension picks the interpreter from the "Python
extension", starts ``<python> -m lstmlint server`` with it, and the real server must answer
(diagnostics, the CodeLens rewritten to the extension's command, the summary table).

Needs Node.js and the extension's npm packages (``npm ci`` in ``editors/vscode``); skipped
without them, so that the test never reaches the npm registry itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "editors" / "vscode"
NODE = shutil.which("node")
TSC = EXTENSION / "node_modules" / "typescript" / "bin" / "tsc"

pytestmark = pytest.mark.skipif(
    NODE is None or not (EXTENSION / "node_modules" / "vscode-jsonrpc").is_dir() or not TSC.is_file(),
    reason="needs node and `npm ci` in editors/vscode",
)


def test_the_extension_starts_the_server_from_the_selected_python(tmp_path: Path) -> None:
    assert NODE is not None
    work = tmp_path / "vscode"
    shutil.copytree(EXTENSION, work, ignore=shutil.ignore_patterns("node_modules", "out", "*.vsix"))
    (work / "node_modules").symlink_to(EXTENSION / "node_modules", target_is_directory=True)
    compiled = subprocess.run([NODE, str(TSC), "-p", str(work)], capture_output=True, text=True, timeout=300, cwd=work)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    assert (work / "out" / "extension.js").is_file()
    env = dict(os.environ, LSTMLINT_PYTHON=sys.executable)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")  # this tree's lstmlint
    ran = subprocess.run([NODE, "test/activate.js"], capture_output=True, text=True, timeout=180, cwd=work, env=env)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert f"ok: {sys.executable} -m lstmlint server started by the extension" in ran.stdout
