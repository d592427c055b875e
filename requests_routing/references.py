"""Request references as people type them.

The public reference is `SOL-2026-00074`, but on the phone or in a hurry it is written
`sol-2026-74`, `2026-74` or `SOL 2026 74`. Every box where a person types a reference reads it
with `parse_reference`, so all of them accept the same forms.
"""

import re

# Optional «SOL», the year, then the number without its leading zeros; any case, separated by
# dashes, spaces, dots or slashes, optionally in the brackets of an email subject.
_TYPED_REFERENCE = re.compile(
    r"\[?\s*(?:SOL[\s\-_./]*)?(\d{4})[\s\-_./]+(\d{1,6})\s*\]?", re.IGNORECASE
)


def parse_reference(text: str) -> str | None:
    """The canonical reference (`SOL-2026-00074`) a person meant, or None if it is not one."""
    match = _TYPED_REFERENCE.fullmatch((text or "").strip())
    if match is None:
        return None
    number = int(match.group(2))
    if number == 0:
        return None
    return f"SOL-{match.group(1)}-{number:05d}"
