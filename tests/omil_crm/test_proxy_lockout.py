"""The login lock holds behind the shipped reverse proxy, however the client forges its address.

A real Caddy runs with deploy/Caddyfile (the one docker-compose.yml mounts) in front of the
test's live server, exactly as production has it: one trusted proxy (OMIL_PROXY_COUNT=1).
"""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from axes.models import AccessAttempt

ROOT = Path(__file__).resolve().parents[2]
CADDY = shutil.which("caddy") or "/usr/bin/caddy"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def caddy(live_server, tmp_path):
    if not Path(CADDY).exists():
        reason = "caddy no está instalado (apt install caddy)"
        if os.environ.get("OMIL_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    port = free_port()
    # Only what a test machine needs on top of the shipped file: no admin port, plain http.
    config = tmp_path / "Caddyfile"
    config.write_text(
        f"{{\n\tadmin off\n\tauto_https off\n}}\n\nimport {ROOT / 'deploy' / 'Caddyfile'}\n"
    )
    upstream = live_server.url.removeprefix("http://")
    env = {
        **os.environ,
        "OMIL_DOMAIN": f"http://127.0.0.1:{port}",
        "OMIL_UPSTREAM": upstream,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    process = subprocess.Popen(
        [CADDY, "run", "--config", str(config), "--adapter", "caddyfile"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"Caddy no arrancó: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def wrong_password(base_url: str, forged_address: str) -> int:
    """One login attempt with a wrong password, as a fresh browser would send it."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    page = opener.open(f"{base_url}/ingresar/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "gestora", "password": "adivinando-1234"}
    ).encode()
    request = urllib.request.Request(
        f"{base_url}/ingresar/", data=form, headers={"X-Forwarded-For": forged_address}
    )
    try:
        return opener.open(request, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_forged_forwarded_addresses_do_not_dodge_the_lock_behind_the_proxy(
    caddy, settings, gestora
):
    settings.OMIL_PROXY_COUNT = 1

    answers = [wrong_password(caddy, f"203.0.113.{n}") for n in range(1, 7)]

    assert answers[:4] == [200] * 4
    assert answers[4:] == [429, 429]
    recorded = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert recorded == {"127.0.0.1"}
