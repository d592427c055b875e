"""Outlook .msg files for the tests, built here from MAPI properties (Spanish test content).

A .msg is an OLE compound file: one stream per string property (UTF-16), a properties stream
for the fixed-size ones and the sizes, one storage per recipient and per attachment. Only what
Outlook writes for an ordinary received or saved message is produced.
"""

import io
import struct
from datetime import datetime

from extract_msg.ole_writer import OleWriter

PT_LONG, PT_SYSTIME, PT_STRING, PT_BINARY = 0x0003, 0x0040, 0x001F, 0x0102
SUBJECT, BODY, MESSAGE_CLASS, TRANSPORT_HEADERS = 0x0037, 0x1000, 0x001A, 0x007D
SENDER_NAME, SENDER_SMTP, SENDER_ADDRESS = 0x0C1A, 0x5D01, 0x0C1F
CLIENT_SUBMIT_TIME, MESSAGE_FLAGS, INTERNET_MESSAGE_ID = 0x0039, 0x0E07, 0x1035
RECIPIENT_TYPE, DISPLAY_NAME, EMAIL_ADDRESS, SMTP_ADDRESS = 0x0C15, 0x3001, 0x3003, 0x39FE
ATTACH_DATA, ATTACH_LONG_FILENAME, ATTACH_MIME_TAG, ATTACH_METHOD = 0x3701, 0x3707, 0x370E, 0x3705


def _filetime(moment: datetime) -> bytes:
    return struct.pack("<Q", int(moment.timestamp() * 10_000_000) + 116_444_736_000_000_000)


class _Storage:
    """The streams and the properties stream of one storage (message, recipient, attachment)."""

    def __init__(self, writer: OleWriter, path: str):
        self.writer, self.path = writer, path
        self.entries: list[bytes] = []

    def _stream(self, name: str) -> str:
        return f"{self.path}/{name}" if self.path else name

    def string(self, prop: int, value: str) -> None:
        data = value.encode("utf-16-le")
        self.writer.addEntry(self._stream(f"__substg1.0_{prop:04X}{PT_STRING:04X}"), data)
        self.entries.append(struct.pack("<IIII", (prop << 16) | PT_STRING, 6, len(data) + 2, 0))

    def binary(self, prop: int, value: bytes) -> None:
        self.writer.addEntry(self._stream(f"__substg1.0_{prop:04X}{PT_BINARY:04X}"), value)
        self.entries.append(struct.pack("<IIII", (prop << 16) | PT_BINARY, 6, len(value), 0))

    def fixed(self, prop: int, kind: int, value: bytes) -> None:
        self.entries.append(struct.pack("<II", (prop << 16) | kind, 6) + value.ljust(8, b"\0"))

    def finish(self, header: bytes) -> None:
        self.writer.addEntry(
            self._stream("__properties_version1.0"), header + b"".join(self.entries)
        )


def outlook_message(
    *,
    subject: str,
    body: str,
    sender_name: str = "",
    sender_address: str = "",
    to: tuple[tuple[str, str], ...] = (),
    sent_at: datetime | None = None,
    message_id: str = "",
    transport_headers: str = "",
    attachments: tuple[tuple[str, str, bytes], ...] = (),
) -> bytes:
    """The bytes of a .msg: `to` holds (name, address) pairs, `attachments` (file name, MIME
    type, content) triples."""
    writer = OleWriter()
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"):
        writer.addEntry(f"__nameid_version1.0/{stream}", b"")
    message = _Storage(writer, "")
    message.string(MESSAGE_CLASS, "IPM.Note")
    message.string(SUBJECT, subject)
    message.string(BODY, body)
    if sender_name:
        message.string(SENDER_NAME, sender_name)
    if sender_address:
        message.string(SENDER_SMTP, sender_address)
        message.string(SENDER_ADDRESS, sender_address)
    if message_id:
        message.string(INTERNET_MESSAGE_ID, message_id)
    if transport_headers:
        message.string(TRANSPORT_HEADERS, transport_headers)
    message.fixed(MESSAGE_FLAGS, PT_LONG, struct.pack("<I", 1))  # read, not a draft
    if sent_at:
        message.fixed(CLIENT_SUBMIT_TIME, PT_SYSTIME, _filetime(sent_at))
    for number, (name, address) in enumerate(to):
        recipient = _Storage(writer, f"__recip_version1.0_#{number:08X}")
        writer.addEntry(recipient.path, storage=True)
        recipient.string(DISPLAY_NAME, name)
        recipient.string(EMAIL_ADDRESS, address)
        recipient.string(SMTP_ADDRESS, address)
        recipient.fixed(RECIPIENT_TYPE, PT_LONG, struct.pack("<I", 1))
        recipient.finish(b"\0" * 8)
    for number, (filename, mime, content) in enumerate(attachments):
        attachment = _Storage(writer, f"__attach_version1.0_#{number:08X}")
        writer.addEntry(attachment.path, storage=True)
        attachment.binary(ATTACH_DATA, content)
        attachment.string(ATTACH_LONG_FILENAME, filename)
        attachment.string(ATTACH_MIME_TAG, mime)
        attachment.fixed(ATTACH_METHOD, PT_LONG, struct.pack("<I", 1))
        attachment.finish(b"\0" * 8)
    counts = (len(to), len(attachments))
    message.finish(b"\0" * 8 + struct.pack("<IIII", *counts, *counts) + b"\0" * 8)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
