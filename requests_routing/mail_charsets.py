"""Bytes of real mail to text: raw 8-bit headers, mislabelled and mixed-encoding bodies.

Mailers write what they like. Headers arrive with raw Latin-1 bytes instead of RFC 2047
words; a body declared UTF-8 carries a disclaimer the company's server appended in Latin-1;
a body labelled gb2312 uses GBK characters. The rules here never give U+FFFD for Latin text:

- a header's raw bytes: UTF-8 when valid, else the part's or message's declared charset,
  else Windows-1252 (`decode_header_bytes`);
- a body: the declared charset when it reads the bytes; a part that is mostly UTF-8 is read
  piece by piece, the invalid runs in Windows-1252 (`decode_body_bytes`); only when the declared
  charset does not read the bytes at all does charset-normalizer guess, and its guess is taken
  only for non-Latin scripts (it reads Spanish as Central European: «Ńuńoa»).
"""

import codecs
import re
import unicodedata

import charset_normalizer

# WHATWG: what browsers decode when a message claims these, since senders mislabel cp1252.
CHARSET_ALIASES = {
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "iso_8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "cp1252": "windows-1252",
    # Text labelled gb2312 is nearly always GBK (a superset); GB 18030 reads both.
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "x-gbk": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "ks_c_5601-1987": "cp949",
    "utf8": "utf-8",
}
UNKNOWN_CHARSETS = {"", "unknown-8bit", "x-unknown", "unknown", "8bit", "default"}
# The detector reads at most this much of a body: enough to tell a script apart.
DETECTOR_SAMPLE_BYTES = 64 * 1024
FALLBACK_ERRORS = "omil-windows-1252"


def _windows_1252(data: bytes) -> str:
    """Windows-1252 for every byte: its five unassigned bytes read as Latin-1 controls."""
    return data.decode("windows-1252", errors="omil-latin-1")


def _latin_1_handler(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start : error.end].decode("latin-1"), error.end


def _windows_1252_handler(error: UnicodeDecodeError) -> tuple[str, int]:
    return _windows_1252(error.object[error.start : error.end]), error.end


codecs.register_error("omil-latin-1", _latin_1_handler)
codecs.register_error(FALLBACK_ERRORS, _windows_1252_handler)


def normalize_charset(charset: str | None) -> str:
    """The codec to use for a declared charset; '' when none or unknown to Python."""
    name = (charset or "").strip().strip("'\"").lower()
    if name in UNKNOWN_CHARSETS:
        return ""
    name = CHARSET_ALIASES.get(name, name)
    try:
        codecs.lookup(name)
    except LookupError:
        return ""
    return name


def decode_header_bytes(data: bytes, declared: str | None = None) -> str:
    """Raw 8-bit header bytes: UTF-8 if valid, else the declared charset, else Windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    charset = normalize_charset(declared)
    if charset and charset not in ("utf-8", "windows-1252"):
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            pass
    return _windows_1252(data)


def decode_body_bytes(data: bytes, declared: str | None = None) -> str:
    """A text part's bytes to text; see the module's rules. Never raises, never U+FFFD for
    Latin text."""
    if data.isascii():
        return data.decode("ascii")
    charset = normalize_charset(declared)
    if charset in ("", "utf-8", "windows-1252"):
        # Undeclared or Latin-1 labels: a valid UTF-8 body is UTF-8 (senders mislabel it).
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if charset == "windows-1252":
            return _windows_1252(data)
        pieces = _utf8_pieces(data)
        if _looks_latin(pieces):
            # UTF-8 with Latin-1 pieces (a disclaimer, a quoted older mail), or Latin-1 text
            # under a UTF-8 label: each piece in its own encoding.
            return "".join(
                piece.decode("utf-8") if valid else _windows_1252(piece) for valid, piece in pieces
            )
        # Not UTF-8 nor Latin text, whatever the label says: ask the detector.
        return _detected(data) or data.decode("utf-8", errors=FALLBACK_ERRORS)
    try:
        return data.decode(charset)
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _detected(data) or data.decode(charset, errors=FALLBACK_ERRORS)


# A well-formed multi-byte UTF-8 character (RFC 3629), or one byte that is not part of one.
_UTF8_OR_BYTE = re.compile(
    rb"(?P<utf8>[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
    rb"|[\x00-\x7f]+)|(?P<other>[\x80-\xff]+?)"
)


def _utf8_pieces(data: bytes) -> list[tuple[bool, bytes]]:
    """The bytes cut into runs of valid UTF-8 (True) and runs of other bytes (False)."""
    pieces: list[tuple[bool, bytearray]] = []
    for match in _UTF8_OR_BYTE.finditer(data):
        valid = match.lastgroup == "utf8"
        if pieces and pieces[-1][0] == valid:
            pieces[-1][1].extend(match.group())
        else:
            pieces.append((valid, bytearray(match.group())))
    return [(valid, bytes(piece)) for valid, piece in pieces]


def _looks_latin(pieces: list[tuple[bool, bytes]]) -> bool:
    """Whether the bytes that are not UTF-8 look like Latin-1 text: accented letters stand
    alone between ASCII letters («Ñuñoa»), while Cyrillic or Chinese bytes come in runs."""
    runs = []
    for valid, piece in pieces:
        if not valid:
            runs.append(len(piece))
    return bool(runs) and sum(runs) < 2 * len(runs)


def _detected(data: bytes) -> str | None:
    """The detector's reading when it is a non-Latin script; None otherwise (Latin text is
    read as Windows-1252 by the caller)."""
    try:
        match = charset_normalizer.from_bytes(data[:DETECTOR_SAMPLE_BYTES]).best()
    except Exception:
        return None
    if match is None or not match.encoding:
        return None
    text = data.decode(match.encoding, errors=FALLBACK_ERRORS)
    letters = [char for char in text if not char.isascii() and char.isalpha()]
    if not letters:
        return None
    latin = sum(1 for char in letters if unicodedata.name(char, "").startswith("LATIN"))
    return text if latin * 2 < len(letters) else None
