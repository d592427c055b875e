"""Which inbound mail may join a request by itself, and which counts as a department's answer.

Anyone can write `[SOL-2026-00042]` in a subject and any `From:` address, so neither makes a
message part of a request. A new message joins a request without a person only when:

- its In-Reply-To or References name a message of that request's thread: one the OMIL sent
  (their Message-IDs are random, so only the people who received them can quote them) or an
  earlier inbound message that became part of the request in one of these trusted ways; or
- its sender is a known address of the request's company (the company's address, its
  contacts) or of the request's department, the subject names the request, **and** the
  receiving mail server vouches for the sender: its Authentication-Results header says
  `dmarc=pass`, or `dkim=pass` for the sender's domain.

Everything else waits for triage with the request it seems to be about suggested. Only a
message joined in one of these ways, or attached by a person, counts as the department's
reply (which restarts the department's silence clock) and has its attachments forwarded.

Authentication-Results (RFC 8601) is a header anybody can add to a message before sending
it. Only headers whose authserv-id (the first token) is listed in
`settings.INBOX_TRUSTED_AUTHSERV_IDS` are read, and of those only the topmost one: the
receiving server adds its own above everything the message brought with it, so a forged copy
carrying the same id lower down is never the one believed. Such a server must still strip
incoming copies of its id (RFC 8601 section 5) before it is listed.
"""

import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser

from django.conf import settings
from django.db.models import Q

from companies.models import Contact
from requests_routing.models import InboundEmail, RequestEvent, ServiceRequest

REFERENCE_PATTERN = re.compile(r"\bSOL-(\d{4})-(\d{5})\b", re.IGNORECASE)

JoinedBy = InboundEmail.JoinedBy
# The ways of joining a request that make a message part of it for every purpose.
TRUSTED_JOINS = (JoinedBy.PERSON, JoinedBy.THREAD, JoinedBy.AUTHENTICATED)


# Authentication-Results (RFC 8601) ----------------------------------------------------------


@dataclass(frozen=True)
class AuthResult:
    method: str  # "dkim", "dmarc", "spf"... lower case, without a version
    result: str  # "pass", "fail", "none"... lower case
    properties: dict[str, str]  # "header.d" -> "bodegas.cl"; keys lower case


@dataclass(frozen=True)
class AuthenticationResults:
    authserv_id: str  # lower case
    results: tuple[AuthResult, ...]


_PAIR = re.compile(r'([A-Za-z0-9][\w.\-/]*)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s";=]+)')


def _without_comments(value: str) -> str:
    """The header value without its (nested) comments; quoted strings are kept as they are."""
    out, depth, quoted, index = [], 0, False, 0
    while index < len(value):
        char = value[index]
        if char == "\\" and (quoted or depth):
            if not depth:
                out.append(value[index : index + 2])
            index += 2
            continue
        if depth:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if not depth:
                out.append(" ")
        elif quoted:
            quoted = char != '"'
            out.append(char)
        elif char == "(":
            depth = 1
        else:
            quoted = char == '"'
            out.append(char)
        index += 1
    return "".join(out)


def _split_outside_quotes(value: str, separator: str = ";") -> list[str]:
    parts, current, quoted, escaped = [], [], False, False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def parse_authentication_results(value: str) -> AuthenticationResults | None:
    """One Authentication-Results header value; None when it has no authserv-id."""
    segments = _split_outside_quotes(_without_comments(" ".join(str(value).split())))
    head = segments[0].split()
    if not head:
        return None
    authserv_id = _unquote(head[0]).strip().lower()
    results = []
    for segment in segments[1:]:
        pairs = _PAIR.findall(segment)
        if not pairs:
            continue  # "none": the server found nothing to evaluate
        (method, result), *rest = pairs
        properties = {key.lower(): _unquote(item) for key, item in rest}
        results.append(
            AuthResult(
                method=method.split("/", 1)[0].lower(),
                result=_unquote(result).lower(),
                properties=properties,
            )
        )
    return AuthenticationResults(authserv_id=authserv_id, results=tuple(results))


def authentication_results(raw: bytes) -> list[AuthenticationResults]:
    """Every Authentication-Results header of the message, topmost first."""
    headers = BytesHeaderParser(policy=policy.compat32).parsebytes(bytes(raw or b""))
    parsed = (
        parse_authentication_results(value)
        for value in headers.get_all("Authentication-Results", [])
    )
    return [item for item in parsed if item is not None]


def trusted_authentication_results(raw: bytes) -> AuthenticationResults | None:
    """The topmost header written by a trusted server, or None (see the module's note)."""
    trusted = {item.lower() for item in settings.INBOX_TRUSTED_AUTHSERV_IDS}
    if not trusted:
        return None
    for header in authentication_results(raw):
        if header.authserv_id in trusted:
            return header
    return None


def _domain(value: str) -> str:
    return (value or "").strip().rsplit("@", 1)[-1].strip(" .<>").lower()


def _aligned(signed: str, sender_domain: str) -> bool:
    """The authenticated domain is the sender's or a parent of it (relaxed alignment)."""
    signed = _domain(signed)
    return (
        "." in signed
        and bool(sender_domain)
        and (sender_domain == signed or sender_domain.endswith("." + signed))
    )


def sender_is_authenticated(raw: bytes, sender: str) -> bool:
    """The trusted receiving server says DMARC or DKIM passed for the sender's domain."""
    header = trusted_authentication_results(raw)
    if header is None or "@" not in (sender or ""):
        return False
    sender_domain = _domain(sender)
    for result in header.results:
        if result.result != "pass":
            continue
        if result.method == "dmarc":
            checked = result.properties.get("header.from")
            if checked is None or _domain(checked) == sender_domain:
                return True
        if result.method == "dkim":
            signed = result.properties.get("header.d") or result.properties.get("header.i", "")
            if _aligned(signed, sender_domain):
                return True
    return False


# Joining a request ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadDecision:
    """What to do with a new email: join `request` (how, and as what), or suggest one."""

    request: ServiceRequest | None = None
    joined_by: str = JoinedBy.NOBODY
    department_reply: bool = False
    suggested: ServiceRequest | None = None


def replied_to_ids(email: InboundEmail) -> list[str]:
    ids = [email.in_reply_to, *(email.references or "").split()]
    return [message_id.strip() for message_id in ids if message_id and message_id.strip()]


def is_department_address(address: str, request: ServiceRequest) -> bool:
    return bool(address) and address.strip().lower() == request.department.email.strip().lower()


def is_known_sender(address: str, request: ServiceRequest) -> bool:
    """The address is the request's department, its company, or one of the company's contacts."""
    address = (address or "").strip().lower()
    if "@" not in address:
        return False
    if is_department_address(address, request):
        return True
    if request.company.email and request.company.email.strip().lower() == address:
        return True
    return (
        Contact.objects.filter(company_id=request.company_id, email__iexact=address)
        .filter(Q(is_active=True) | Q(pk=request.contact_id))
        .exists()
    )


def decide(email: InboundEmail) -> ThreadDecision:
    """Whether a new email joins a request by itself (see the module's rules)."""
    suggested = None
    replied_to = replied_to_ids(email)
    if replied_to:
        ours = list(
            RequestEvent.objects.filter(outbound_message_id__in=replied_to)
            .exclude(outbound_message_id="")
            .select_related("request__department", "request__company")
            .order_by("-created_at", "-pk")
        )
        if ours:
            request = ours[0].request
            to_department = any(
                event.request_id == request.pk
                and event.kind == RequestEvent.Kind.SENT_TO_DEPARTMENT
                for event in ours
            )
            from_department = is_department_address(email.sender, request) and (
                to_department or sender_is_authenticated(email.raw, email.sender)
            )
            return ThreadDecision(
                request=request, joined_by=JoinedBy.THREAD, department_reply=from_department
            )
        earlier = list(
            InboundEmail.objects.filter(message_id__in=replied_to, service_request__isnull=False)
            .exclude(pk=email.pk)
            .select_related("service_request__department", "service_request__company")
            .order_by("-pk")
        )
        for previous in earlier:
            if previous.joined_by in TRUSTED_JOINS:
                request = previous.service_request
                from_department = is_department_address(
                    email.sender, request
                ) and sender_is_authenticated(email.raw, email.sender)
                return ThreadDecision(
                    request=request, joined_by=JoinedBy.THREAD, department_reply=from_department
                )
        if earlier:
            suggested = earlier[0].service_request
    match = REFERENCE_PATTERN.search(email.subject or "")
    if match:
        named = (
            ServiceRequest.objects.filter(reference=f"SOL-{match.group(1)}-{match.group(2)}")
            .select_related("department", "company")
            .first()
        )
        if named is not None:
            if is_known_sender(email.sender, named) and sender_is_authenticated(
                email.raw, email.sender
            ):
                return ThreadDecision(
                    request=named,
                    joined_by=JoinedBy.AUTHENTICATED,
                    department_reply=is_department_address(email.sender, named),
                )
            suggested = suggested or named
    return ThreadDecision(suggested=suggested)


def counts_as_department_reply(email: InboundEmail, request: ServiceRequest) -> bool:
    """For a person attaching an email: a message from the department's address is its reply
    (the person vouches for it)."""
    return is_department_address(email.sender, request)
