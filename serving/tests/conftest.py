import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # models.py
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # neuralforge_serving

import models  # noqa: E402


@pytest.fixture(scope="session")
def repository(tmp_path_factory):
    """A model repository as the export writes it, holding the two test models."""
    root = tmp_path_factory.mktemp("models")
    models.write_repository(root, "classifier", models.classifier())
    models.write_repository(root, "scorer", models.scorer())
    return root


def _serve(repository, name):
    server = models.Server(repository, name)
    try:
        yield server.wait_ready()
    finally:
        server.stop()
    # every bad request the tests sent was logged in one line, not with a trace
    assert "Traceback" not in server.log.read_text(), server.log.read_text()


@pytest.fixture(scope="session")
def classifier(repository):
    yield from _serve(repository, "classifier")


@pytest.fixture(scope="session")
def scorer(repository):
    yield from _serve(repository, "scorer")
