"""The composite GitHub Action (action.yml): its structure against what GitHub requires of a
composite action, and its run steps executed as bash scripts in a temporary git repository,
as the runner would (inputs through the environment, `bash -e -o pipefail`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import venv
from pathlib import Path
from typing import Any

import pytest

yaml = pytest.importorskip("yaml")
jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[2]
BAD = """\
import keras
from keras import layers
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(8)(inputs)
y = layers.LSTM(8)(x)
"""

# What GitHub's metadata syntax requires of a composite action (docs.github.com, "Metadata syntax
# for GitHub Actions"), written down because the official schema is not available offline.
ACTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "description", "runs"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "author": {"type": "string"},
        "branding": {
            "type": "object",
            "properties": {
                "icon": {"type": "string"},
                "color": {
                    "enum": ["white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"]
                },
            },
        },
        "inputs": {
            "type": "object",
            "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"},
            "additionalProperties": {
                "type": "object",
                "required": ["description"],
                "properties": {
                    "description": {"type": "string"},
                    "required": {"type": "boolean"},
                    "default": {"type": "string"},
                    "deprecationMessage": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
        "outputs": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["description", "value"],
                "properties": {"description": {"type": "string"}, "value": {"type": "string"}},
                "additionalProperties": False,
            },
        },
        "runs": {
            "type": "object",
            "required": ["using", "steps"],
            "properties": {
                "using": {"const": "composite"},
                "steps": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "oneOf": [{"required": ["run", "shell"]}, {"required": ["uses"]}],
                        "properties": {
                            "name": {"type": "string"},
                            "id": {"type": "string"},
                            "run": {"type": "string"},
                            "shell": {"type": "string"},
                            "uses": {"type": "string"},
                            "if": {"type": "string"},
                            "env": {"type": "object", "additionalProperties": {"type": "string"}},
                            "with": {"type": "object"},
                            "working-directory": {"type": "string"},
                            "continue-on-error": {"type": ["boolean", "string"]},
                        },
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def action() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_action_structure() -> None:
    data = action()
    jsonschema.validate(data, ACTION_SCHEMA)
    assert set(data["inputs"]) >= {"paths", "args", "keras-version"}
    assert "sarif-file" in data["outputs"]


def test_expressions_name_real_inputs_and_never_reach_a_script() -> None:
    data = action()
    for step in data["runs"]["steps"]:
        # inputs are handed over in `env`, so no value can inject shell syntax into `run`
        assert "${{" not in step.get("run", ""), step.get("name")
        for value in step.get("env", {}).values():
            for expr in EXPRESSION.findall(value):
                if expr.startswith("inputs."):
                    assert expr.removeprefix("inputs.") in data["inputs"], expr
                else:
                    assert expr == "github.action_path", expr
    for output in data["outputs"].values():
        [expr] = EXPRESSION.findall(output["value"])
        step_id = expr.split(".")[1]
        assert step_id in {s.get("id") for s in data["runs"]["steps"]}


def _steps_env(step: dict[str, Any], inputs: dict[str, str], action_path: Path) -> dict[str, str]:
    def evaluate(value: str) -> str:
        def one(m: re.Match[str]) -> str:
            expr = m.group(1)
            if expr == "github.action_path":
                return str(action_path)
            return inputs[expr.removeprefix("inputs.")]

        return EXPRESSION.sub(one, value)

    return {k: evaluate(v) for k, v in step.get("env", {}).items()}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash")
def test_run_steps_in_a_temporary_repository(tmp_path: Path) -> None:
    # the action's checkout, as `uses: OWNER/lstmlint@COMMIT` gives it to the runner
    action_path = tmp_path / "action"
    action_path.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "action.yml"):
        shutil.copy2(ROOT / name, action_path / name)
    shutil.copytree(ROOT / "lstmlint", action_path / "lstmlint", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # the runner's Python
    runner = tmp_path / "runner-python"
    venv.create(runner, with_pip=True)
    # the user's repository
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src" / "model.py").write_text(BAD, encoding="utf-8")
    (repo / "src" / "ok.py").write_text(BAD.replace("LSTM(8)(inputs)", "LSTM(8, return_sequences=True)(inputs)"))
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    github_output = tmp_path / "github_output"
    github_output.write_text("")

    data = action()
    inputs = {name: spec.get("default", "") for name, spec in data["inputs"].items()}
    inputs["paths"] = "src"
    base_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "NO_COLOR")}
    base_env.update(
        PATH=f"{runner / 'bin'}{os.pathsep}{base_env.get('PATH', '')}",
        GITHUB_OUTPUT=str(github_output),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    statuses = []
    outputs = []
    for step in data["runs"]["steps"]:
        assert step["shell"] == "bash"
        env = dict(base_env, **_steps_env(step, inputs, action_path))
        r = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if r.returncode != 0 and step["name"].startswith("Install") and "No matching distribution" in r.stderr:
            pytest.skip("lstmlint's dependencies cannot be downloaded here")
        statuses.append(r.returncode)
        outputs.append(r.stdout)
        if step["name"].startswith("Install"):
            assert r.returncode == 0, r.stderr
    # the run step fails the job on errors, with one annotation per finding
    assert statuses[-1] == 1, outputs[-1]
    annotations = [line for line in outputs[-1].splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=src/model.py,line=5,col=5,endLine=5,endColumn=22,title=LST101::"
        + annotations[0].split("title=LST101::", 1)[1]
    ]
    # and leaves a SARIF log for upload-sarif, named in the step's output
    assert "sarif-file=lstmlint.sarif" in github_output.read_text()
    log = json.loads((repo / "lstmlint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["LST101"]
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/model.py"

    # args and keras-version are passed through: with the finding ignored the step passes
    inputs["args"] = "--ignore LST101"
    inputs["keras-version"] = "3"
    run_step = data["runs"]["steps"][-1]
    env = dict(base_env, **_steps_env(run_step, inputs, action_path))
    r = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", run_step["run"]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads((repo / "lstmlint.sarif").read_text(encoding="utf-8"))["runs"][0]["results"] == []
