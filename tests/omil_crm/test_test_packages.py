"""`make test` checks the system packages the suite drives before pytest starts
(scripts/test_packages.sh): silent when all are there, a clear stop when one is wrong."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "test_packages.sh"


def run_script(**env):
    environment = {key: value for key, value in os.environ.items() if key != "CHROMIUM_PATH"}
    environment.update(env)
    return subprocess.run(
        ["bash", str(SCRIPT)], env=environment, capture_output=True, text=True, timeout=60
    )


def test_with_every_package_there_it_says_nothing_and_installs_nothing():
    # The suite is running, so make test's own check has already passed on this machine.
    result = run_script()

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_chromium_path_that_is_not_a_program_stops_the_run_before_any_test(tmp_path):
    not_a_program = tmp_path / "chromium"
    not_a_program.write_text("")

    result = run_script(CHROMIUM_PATH=str(not_a_program))

    assert result.returncode == 1
    assert f"CHROMIUM_PATH={not_a_program} no es un ejecutable" in result.stderr
    assert "Instalando" not in result.stdout


def test_the_laptop_escape_hatch_checks_nothing_and_says_so():
    result = run_script(OMIL_SIN_PAQUETES="1", CHROMIUM_PATH="/no/existe")

    assert result.returncode == 0
    assert "no se revisan los paquetes del sistema" in result.stdout
