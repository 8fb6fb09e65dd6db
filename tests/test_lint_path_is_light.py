"""The lint path must never import tensorflow, keras, jax or torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys, io, contextlib
import lstmlint.cli
from lstmlint.api import lint_paths
results = list(lint_paths([sys.argv[1]]))
assert any(r.diagnostics for r in results), "expected findings in the fixtures"
from lstmlint.report import get_reporter
from lstmlint.report.fixes import fix_titles
for fmt in ("text", "concise", "json", "sarif", "github", "markdown"):
    get_reporter(fmt)(results, io.StringIO(), color=False, fixes=fix_titles(results))
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras", "jax", "torch", "tf_keras"))
print(",".join(heavy))
"""


def test_linting_loads_no_tensorflow_or_keras() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT / "fixtures")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"lint path imported: {proc.stdout.strip()}"


def test_cli_run_loads_no_tensorflow_or_keras() -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['lstmlint', '--format', 'json', sys.argv[1]]\n"
        "try:\n    runpy.run_module('lstmlint', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'jax', 'torch')]\n"
        "sys.stderr.write('HEAVY:' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT / "fixtures")], capture_output=True, text=True,
                          timeout=120)
    assert "HEAVY:" in proc.stderr
    assert proc.stderr.split("HEAVY:")[1].strip() == ""


def test_cli_with_every_new_option_loads_no_tensorflow_or_keras() -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['lstmlint', '--format', 'concise', '--show-fixes', '--quiet', '--exit-zero', sys.argv[1]]\n"
        "try:\n    runpy.run_module('lstmlint', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'jax', 'torch', 'tf_keras')]\n"
        "sys.stderr.write('HEAVY:' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT / "fixtures")], capture_output=True, text=True,
                          timeout=120)
    assert "LST101" in proc.stdout
    assert proc.stderr.split("HEAVY:")[1].strip() == ""
