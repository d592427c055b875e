"""A TCP server standing where the mail server should be, misbehaving on demand.

One port for the whole test, as the poller's settings stay put while the real server goes
down and comes back: closed (connection refused), answering garbage, speaking IMAP until
the search and then nonsense, or passing every byte through to the real Dovecot.
"""

import contextlib
import socket
import socketserver
import threading

GARBAGE = "garbage"  # bytes that are not IMAP at all, then hang up
BABBLE = "babble"  # a plausible login and folder, then a nonsensical search answer
FORWARD = "forward"  # the real server behind it


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        owner: FaultyImapServer = self.server.owner
        owner.connections += 1
        mode = owner.mode
        if mode == GARBAGE:
            self.wfile.write(b"\x16\x03\x01\x00\xa5HTTP/1.1 400 Bad Request\r\nnada que ver\r\n")
        elif mode == BABBLE:
            self._babble()
        else:
            self._forward(owner.backend)

    def _babble(self):
        self.wfile.write(b"* OK IMAP4rev1 listo\r\n")
        for line in self.rfile:
            tag, _, command = line.decode("ascii", "replace").strip().partition(" ")
            verb = command.split(" ")[0].upper()
            if verb == "UID":
                verb = " ".join(command.split(" ")[:2]).upper()
            reply = {
                "CAPABILITY": "* CAPABILITY IMAP4rev1\r\n",
                "SELECT": "* 3 EXISTS\r\n* OK [UIDVALIDITY 77] ok\r\n"
                "* OK [PERMANENTFLAGS (\\Seen \\*)] ok\r\n",
                "UID SEARCH": "* SEARCH uno dos tres\r\n",
                "LOGOUT": "* BYE\r\n",
            }.get(verb, "")
            self.wfile.write(f"{reply}{tag} OK listo\r\n".encode())
            if verb == "LOGOUT":
                return

    def _forward(self, backend):
        with socket.create_connection(backend, timeout=10) as upstream:
            down = threading.Thread(target=_pump, args=(upstream, self.connection), daemon=True)
            down.start()
            _pump(self.connection, upstream)
            down.join(timeout=10)


def _pump(source: socket.socket, target: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while chunk := source.recv(65536):
            target.sendall(chunk)
    with contextlib.suppress(OSError):
        target.shutdown(socket.SHUT_WR)


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def reserve_port(port: int = 0) -> socket.socket:
    """A socket bound to a loopback port without listening: connecting to it is refused, as
    with a server that is down, and no other process (another test worker) can take the port
    meanwhile, which a port merely found free could not promise."""
    reservation = socket.socket()
    reservation.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    reservation.bind(("127.0.0.1", port))
    return reservation


class FaultyImapServer:
    """Listens on its port (while open) and treats each connection as `mode` says; while
    closed the port stays reserved, so connecting is refused."""

    def __init__(self, *, backend: tuple[str, int]):
        self.backend = backend
        self._reservation: socket.socket | None = reserve_port()
        self.port = self._reservation.getsockname()[1]
        self.mode = GARBAGE
        self.connections = 0
        self._server: _Server | None = None

    def open(self, mode: str) -> None:
        self.mode = mode
        if self._server is None:
            self._release()
            self._server = _Server(("127.0.0.1", self.port), _Handler)
            self._server.owner = self
            threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        """Stop listening: connecting is refused, as with a server that is down."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            self._reservation = reserve_port(self.port)

    def dispose(self) -> None:
        self.close()
        self._release()

    def _release(self) -> None:
        if self._reservation is not None:
            self._reservation.close()
            self._reservation = None
