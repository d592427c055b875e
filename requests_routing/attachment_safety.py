"""Which email attachments are dangerous to pass on: programs, scripts and active documents.

The OMIL forwards the companies' attachments to the municipal departments from its own
address, so a department trusts them more than it would trust a stranger's mail. A file that
can run code when opened is therefore never forwarded, and the inbox shows it with a badge.

A file is dangerous when its name, its declared type or its content says so. The content is
checked because the name and the type are whatever the sender wrote: a `factura.pdf` that
starts with `MZ` is a Windows program.

By name (the last extension, so `factura.pdf.exe` is an .exe):
- programs and libraries: exe, dll, com, scr, pif, cpl, sys, drv, ocx, msc, gadget,
  application, appx, appxbundle, msix, msixbundle, apk, app, elf, run;
- installers and patches: msi, msp, mst, cab;
- scripts: bat, cmd, ps1, psm1, psd1, ps1xml, psc1, vb, vbs, vbe, js, jse, mjs, wsf, wsh,
  wsc, sct, hta, sh, bash, zsh, csh, ksh, command, py, pyw, pl, rb, php, applescript, scpt;
- Java: jar, jnlp, class;
- shortcuts and system settings: lnk, url, scf, reg, inf, settingcontent-ms, library-ms;
- pages that run scripts when opened: html, htm, xhtml, shtml, mht, mhtml, svg, svgz, xsl,
  xslt, chm;
- disk images (they mount and bypass the mark of the web): iso, img, vhd, vhdx, dmg, udf;
- Office documents with macros: docm, dotm, xlsm, xltm, xlsb, xlam, pptm, potm, ppsm, ppam,
  sldm, and OneNote files (one), a common carrier of scripts.

By content (whatever the name):
- executables: MZ (Windows PE), ELF, Mach-O and Java class files;
- scripts: `#!` at the start; `<script`, `<html`, `<!doctype html`, `<svg`, `<?xml` with
  any of those, `<hta:`, `WScript.`, `CreateObject(` or a registry export
  (`REGEDIT4` / `Windows Registry Editor`) in the first KB; this is how an .xml with scripts
  is caught while a plain .xml passes;
- Windows shortcuts (the LNK header);
- disk images: ISO 9660 / UDF volume descriptors, VHD(X) headers;
- MSI installers (the installer class id in an OLE file) and cabinets (MSCF);
- Office files with macros: an OLE file (.doc, .xls) holding a `_VBA_PROJECT` stream, or a
  zip (.docx, .xlsx...) holding a `vbaProject.bin`;
- zip archives that contain a jar manifest, Java classes or any member dangerous by name
  (a `factura.zip` holding `factura.exe`), and zips that cannot be listed (nothing vouches for
  what they hold).

Declared types such as application/x-msdownload, text/html or image/svg+xml count too.
PDFs are not inspected for embedded JavaScript: the departments open them in viewers that
do not run it by default.
"""

import io
import re
import zipfile

from django.http import FileResponse

# How much of the start of a file the text signatures look at.
SNIFF_BYTES = 1024
# ISO 9660 and UDF descriptors start at sector 16 (byte 32768) and can follow in 17, 18.
ISO_OFFSETS = (0x8001, 0x8801, 0x9001)
VOLUME_MARKS = (b"CD001", b"BEA01", b"NSR02", b"NSR03")
# A zip listing longer than this is not read to the end (the rest is treated as dangerous).
MAX_ZIP_MEMBERS = 2000

BADGE = "Adjunto peligroso: no se reenvía"

DANGEROUS_EXTENSIONS = {
    "programa": {
        "exe", "dll", "com", "scr", "pif", "cpl", "sys", "drv", "ocx", "msc", "gadget",
        "application", "appx", "appxbundle", "msix", "msixbundle", "apk", "app", "elf",
        "run",
    },
    "instalador": {"msi", "msp", "mst", "cab"},
    "script": {
        "bat", "cmd", "ps1", "psm1", "psd1", "ps1xml", "psc1", "vb", "vbs", "vbe", "js",
        "jse", "mjs", "wsf", "wsh", "wsc", "sct", "hta", "sh", "bash", "zsh", "csh", "ksh",
        "command", "py", "pyw", "pl", "rb", "php", "applescript", "scpt",
    },
    "programa Java": {"jar", "jnlp", "class"},
    "acceso directo o ajuste del sistema": {
        "lnk", "url", "scf", "reg", "inf", "settingcontent-ms", "library-ms",
    },
    "página con código": {
        "html", "htm", "xhtml", "shtml", "mht", "mhtml", "svg", "svgz", "xsl", "xslt", "chm",
    },
    "imagen de disco": {"iso", "img", "vhd", "vhdx", "dmg", "udf"},
    "documento con macros": {
        "docm", "dotm", "xlsm", "xltm", "xlsb", "xlam", "pptm", "potm", "ppsm", "ppam",
        "sldm", "one",
    },
}  # fmt: skip
_KIND_OF_EXTENSION = {
    extension: kind for kind, extensions in DANGEROUS_EXTENSIONS.items() for extension in extensions
}

DANGEROUS_CONTENT_TYPES = {
    "application/x-msdownload": "programa",
    "application/x-msdos-program": "programa",
    "application/x-dosexec": "programa",
    "application/x-executable": "programa",
    "application/vnd.microsoft.portable-executable": "programa",
    "application/x-msi": "instalador",
    "application/x-ms-installer": "instalador",
    "application/x-sh": "script",
    "application/x-shellscript": "script",
    "application/javascript": "script",
    "text/javascript": "script",
    "application/x-javascript": "script",
    "text/vbscript": "script",
    "application/hta": "script",
    "application/x-bat": "script",
    "application/java-archive": "programa Java",
    "application/x-java-archive": "programa Java",
    "text/html": "página con código",
    "application/xhtml+xml": "página con código",
    "image/svg+xml": "página con código",
    "application/x-iso9660-image": "imagen de disco",
    "application/vnd.ms-word.document.macroenabled.12": "documento con macros",
    "application/vnd.ms-excel.sheet.macroenabled.12": "documento con macros",
    "application/vnd.ms-powerpoint.presentation.macroenabled.12": "documento con macros",
}

_EXECUTABLE_MAGIC = (
    (b"MZ", "programa de Windows"),
    (b"\x7fELF", "programa (ELF)"),
    (b"\xfe\xed\xfa\xce", "programa (Mach-O)"),
    (b"\xfe\xed\xfa\xcf", "programa (Mach-O)"),
    (b"\xce\xfa\xed\xfe", "programa (Mach-O)"),
    (b"\xcf\xfa\xed\xfe", "programa (Mach-O)"),
    (b"\xca\xfe\xba\xbe", "programa (Java o Mach-O)"),
    (b"#!", "script"),
    (b"L\x00\x00\x00\x01\x14\x02\x00", "acceso directo de Windows"),
    (b"MSCF", "instalador (CAB)"),
    (b"conectix", "imagen de disco (VHD)"),
    (b"vhdxfile", "imagen de disco (VHDX)"),
)
_TEXT_SIGNATURES = re.compile(
    rb"<\s*script|<\s*html|<!doctype\s+html|<\s*svg|<\s*hta:|wscript\.|createobject\s*\(|"
    rb"regedit4|windows registry editor",
    re.IGNORECASE,
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MSI_CLSID = bytes.fromhex("84100c0000000000c000000000000046")
_VBA_STREAM = "_VBA_PROJECT".encode("utf-16-le")
_UTF8_BOM = b"\xef\xbb\xbf"


def extension_of(filename: str) -> str:
    """The last extension, lower case, ignoring the trailing dots and spaces Windows drops."""
    name = (filename or "").strip().rstrip(". ").lower()
    return name.rpartition(".")[2] if "." in name else ""


def danger_by_name(filename: str) -> str:
    kind = _KIND_OF_EXTENSION.get(extension_of(filename))
    return f"{kind} (.{extension_of(filename)})" if kind else ""


def danger_by_content(content: bytes) -> str:
    """Why the bytes are dangerous whatever the file is called; '' when nothing is found."""
    for magic, kind in _EXECUTABLE_MAGIC:
        if content.startswith(magic):
            return f"{kind}, por su contenido"
    head = content[:SNIFF_BYTES]
    text = head
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        # UTF-16 text (registry exports are): look at it without the zero bytes.
        text = head.replace(b"\x00", b"")
    if _TEXT_SIGNATURES.search(text):
        return "página o script con código, por su contenido"
    if any(content[offset : offset + 5] in VOLUME_MARKS for offset in ISO_OFFSETS):
        return "imagen de disco, por su contenido"
    if content.startswith(_OLE_MAGIC):
        if _MSI_CLSID in content[:65536]:
            return "instalador (MSI), por su contenido"
        if _VBA_STREAM in content:
            return "documento con macros, por su contenido"
    if content.startswith(b"PK\x03\x04") or content.startswith(b"PK\x05\x06"):
        return _danger_in_zip(content)
    return ""


def _danger_in_zip(content: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = [info.filename for info in archive.infolist()[: MAX_ZIP_MEMBERS + 1]]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        # Some programs open what Python cannot list (a repaired or split archive): since
        # its content cannot be vouched for, it is not passed on.
        return "archivo comprimido que no se pudo revisar"
    if len(names) > MAX_ZIP_MEMBERS:
        return "archivo comprimido con demasiados archivos para revisarlo"
    for name in names:
        lowered = name.lower()
        if lowered.rsplit("/", 1)[-1] == "vbaproject.bin":
            return "documento con macros, por su contenido"
        if lowered == "meta-inf/manifest.mf" or lowered.endswith(".class"):
            return "programa Java, por su contenido"
        inner = danger_by_name(name.rsplit("/", 1)[-1])
        if inner:
            return f"archivo comprimido que contiene un {inner}"
    return ""


def classify(*, filename: str, content_type: str, content: bytes) -> str:
    """Why the attachment must not be forwarded, in Spanish; '' when it is safe to pass on."""
    reason = danger_by_name(filename)
    if not reason:
        declared = (content_type or "").split(";", 1)[0].strip().lower()
        reason = DANGEROUS_CONTENT_TYPES.get(declared, "")
        if reason:
            reason = f"{reason} (tipo {declared})"
    if not reason:
        reason = danger_by_content(_without_bom(content))
    return reason[:200]


def _without_bom(content: bytes) -> bytes:
    """The content without a UTF-8 byte order mark (UTF-16's tell the sniffer how to read)."""
    return content[len(_UTF8_BOM) :] if content.startswith(_UTF8_BOM) else content


def download_response(attachment) -> FileResponse:
    """A stored attachment as a download, never shown inline: the files come from strangers,
    so the browser must neither render nor sniff them."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
