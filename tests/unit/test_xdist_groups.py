"""The xdist groups of tests/conftest.py reach pytest-xdist's scheduler (``--dist loadgroup``).

The scheduler sees node ids only and groups the tests whose ids end in the same ``@group``; with
pytest 9.2 the suffix pytest-xdist 3.8 writes is not read, so tests/conftest.py writes it
(``_group_in_node_id``). Without it every Keras program of tests/corpus/ may run once in each
worker, and the Keras tier takes minutes longer."""

from __future__ import annotations

import pytest


@pytest.mark.xdist_group("xdist-group-check")
def test_a_grouped_test_carries_its_group_in_its_node_id(request: pytest.FixtureRequest) -> None:
    config = request.config
    if not hasattr(config, "workerinput") or not config.getvalue("loadgroup"):
        pytest.skip("not an xdist worker under --dist loadgroup")
    assert request.node.nodeid.endswith("::test_a_grouped_test_carries_its_group_in_its_node_id@xdist-group-check")


def test_an_ungrouped_test_keeps_its_node_id(request: pytest.FixtureRequest) -> None:
    assert request.node.nodeid.endswith("::test_an_ungrouped_test_keeps_its_node_id")
