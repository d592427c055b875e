"""A real IMAP server for the inbox tests: a throw-away Dovecot on 127.0.0.1.

It runs from its own configuration file in a temporary folder (never the system's), on a
free port, without TLS, with one user in a passwd-file; it is stopped at the end of the
session. The mailbox is emptied before each test that uses it.
"""

import contextlib
import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

EML_DIR = Path(__file__).parent / "eml"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
MISSING_DOVECOT = (
    "Falta Dovecot: las pruebas de la bandeja necesitan un servidor IMAP real "
    "(make test lo instala como root, o apt install dovecot-imapd)."
)


def eml(name: str) -> bytes:
    """The bytes of one message of the corpus in tests/requests_routing/eml/."""
    return (EML_DIR / name).read_bytes()


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"

    def connect(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        client.login(self.user, self.password)
        client.select(self.folder)
        return client

    def append(self, raw: bytes) -> None:
        client = self.connect()
        try:
            status, data = client.append(self.folder, None, None, raw)
            assert status == "OK", data
        finally:
            client.logout()

    def uids(self, *criteria: str) -> list[int]:
        client = self.connect()
        try:
            _, data = client.uid("SEARCH", *(criteria or ("ALL",)))
        finally:
            client.logout()
        return [int(uid) for uid in data[0].split()]

    def empty(self) -> None:
        client = self.connect()
        try:
            _, data = client.select(self.folder)
            if int(data[0]):
                client.store("1:*", "+FLAGS.SILENT", "(\\Deleted)")
                client.expunge()
        finally:
            client.logout()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_greeting(port: int, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            imaplib.IMAP4("127.0.0.1", port, timeout=2).logout()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"Dovecot did not answer on port {port}:\n{log.read_text(errors='replace')}")


def _config(root: Path, port: int, system_user: pwd.struct_passwd) -> str:
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A wrong password is answered at once (the wrong-password test); the next good login from
# the same address still waits a few seconds (Dovecot's penalty), once.
auth_failure_delay = 0
default_login_user = {"dovenull" if system_user.pw_name == "dovecot" else system_user.pw_name}
default_internal_user = {system_user.pw_name}
first_valid_uid = {system_user.pw_uid}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={system_user.pw_uid} gid={system_user.pw_gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


@pytest.fixture(scope="session")
def imap_server():
    if not os.path.exists(DOVECOT):
        if os.environ.get("OMIL_REQUIRE_SERVICES") == "1":
            pytest.fail(MISSING_DOVECOT)
        pytest.skip(MISSING_DOVECOT)
    # Dovecot drops to the `dovecot` user (uid 0 is refused), which must reach the folder:
    # pytest's own temporary folders are private to root, so this one is made by hand.
    system_user = pwd.getpwnam("dovecot") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
    root = Path(tempfile.mkdtemp(prefix="omil-dovecot-"))
    root.chmod(0o755)
    port = _free_port()
    user, password = "omil", "clave-imap-de-prueba"
    (root / "passwd").write_text(f"{user}:{{PLAIN}}{password}\n")
    for folder in ("mail", "home"):
        (root / folder).mkdir()
        os.chown(root / folder, system_user.pw_uid, system_user.pw_gid)
    config = root / "dovecot.conf"
    config.write_text(_config(root, port, system_user))
    # Dovecot forks into the background and its daemon keeps the inherited descriptors: its
    # output goes to a file, never to a pipe that would never reach end-of-file.
    output = root / "start.log"
    with output.open("wb") as log:
        started = subprocess.run(
            [DOVECOT, "-c", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=30,
        )
    if started.returncode != 0:
        reason = output.read_text(errors="replace")
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"Dovecot did not start: {reason}")
    try:
        _wait_for_greeting(port, root / "dovecot.log")
        yield ImapServer(host="127.0.0.1", port=port, user=user, password=password)
    finally:
        pid_file = root / "run" / "master.pid"
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
        for _ in range(50):
            if not pid_file.exists():
                break
            time.sleep(0.1)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mailbox(imap_server, settings):
    """The test server's INBOX, emptied, with the IMAP_* settings pointing at it."""
    imap_server.empty()
    settings.IMAP_HOST = imap_server.host
    settings.IMAP_PORT = imap_server.port
    settings.IMAP_USER = imap_server.user
    settings.IMAP_PASSWORD = imap_server.password
    settings.IMAP_FOLDER = imap_server.folder
    settings.IMAP_USE_TLS = False
    settings.IMAP_TIMEOUT = 10
    return imap_server


@pytest.fixture
def media_root(settings, tmp_path):
    """Attachments are written under a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def unused_port():
    """A loopback port nobody listens on: an IMAP server that is down. The port stays bound
    (not listening) for the test, so another test worker cannot start a server on it."""
    with socket.socket() as reservation:
        reservation.bind(("127.0.0.1", 0))
        yield reservation.getsockname()[1]
