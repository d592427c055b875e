"""docker-compose.yml is checked by a real compose parser."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def compose_binary() -> str:
    binary = shutil.which("docker-compose")
    if binary is None:
        if os.environ.get("OMIL_REQUIRE_SERVICES") == "1":
            pytest.fail("docker-compose is required in CI to validate docker-compose.yml")
        pytest.skip("docker-compose no está instalado (apt install docker-compose)")
    return binary


def test_the_compose_file_is_valid():
    result = subprocess.run(
        [compose_binary(), "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr


def test_the_compose_file_runs_every_process_of_the_design():
    result = subprocess.run(
        [compose_binary(), "-f", "docker-compose.yml", "config", "--services"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert set(result.stdout.split()) == {"postgres", "redis", "web", "worker", "beat"}
