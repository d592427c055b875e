"""The hints the clerk sees at triage, stored with each email when it arrives: the company
(and contact) the sender belongs to, and the request category its words suggest.

Matching is deliberately cautious: an ambiguous address or domain suggests nothing, because a
wrong company is worse than none (the clerk picks one by hand).
"""

import re
import unicodedata

from companies.models import Company, Contact
from requests_routing.models import RequestCategory

# A quoted header block of a message forwarded (or quoted) in the text, as Gmail, Outlook and
# Apple Mail write it: a «De:»/«From:» line followed within three lines by another header.
QUOTED_FROM = re.compile(
    r"^[> \t]*(?:de|from)[ \t]*:[ \t]*(?P<value>[^\n]{1,300})\n"
    r"(?:[^\n]{0,300}\n){0,2}?"
    r"[> \t]*(?:enviado|enviado el|fecha|sent|date|para|to|cc|asunto|subject)[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)
ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# Only the beginning of a long text and the first few quoted senders are looked at.
QUOTED_TEXT_CHARS = 100_000
MAX_QUOTED_SENDERS = 10

# Addresses at these domains say nothing about the sender's company.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.cl", "hotmail.es",
        "outlook.com", "outlook.cl", "outlook.es", "live.com", "live.cl", "msn.com",
        "yahoo.com", "yahoo.cl", "yahoo.es", "icloud.com", "me.com", "proton.me",
        "protonmail.com", "vtr.net", "entelchile.net", "terra.cl", "gmx.com", "aol.com",
    }
)  # fmt: skip


def match_sender(address: str) -> tuple[Company | None, Contact | None]:
    """The company (and contact) an address belongs to; (None, None) when unknown or ambiguous.

    An exact contact address wins; then the company's own address; then the address's domain,
    when it is the domain of exactly one company's contacts or email (webmail domains excluded).
    """
    address = (address or "").strip().lower()
    if "@" not in address:
        return None, None
    contacts = list(
        Contact.objects.filter(email__iexact=address)
        .select_related("company")
        .order_by("-is_active", "pk")
    )
    if contacts:
        if len({contact.company_id for contact in contacts}) == 1:
            return contacts[0].company, contacts[0]
        return None, None
    # Unordered: with the directory's order by name and a LIMIT, PostgreSQL walked the name
    # index testing every company's address (20 ms among 20,000) instead of using its own.
    companies = list(Company.objects.filter(email__iexact=address).order_by()[:2])
    if len(companies) == 1:
        return companies[0], None
    if companies:
        return None, None
    domain = address.rsplit("@", 1)[1]
    if domain in PUBLIC_MAIL_DOMAINS:
        return None, None
    suffix = f"@{domain}"
    company_ids = set(
        Contact.objects.filter(email__iendswith=suffix)
        .order_by()
        .values_list("company_id", flat=True)
    ) | set(Company.objects.filter(email__iendswith=suffix).order_by().values_list("pk", flat=True))
    if len(company_ids) == 1:
        return Company.objects.get(pk=company_ids.pop()), None
    return None, None


def match_sender_or_forwarded(
    address: str, forwarded_senders: list[str]
) -> tuple[Company | None, Contact | None, bool]:
    """(company, contact, by_forward): the sender's company; when the sender is nobody's (a
    colleague, a webmail address), that of the first forwarded message whose sender is known.

    The forwarded sender is only what the forwarded headers say: it guides the clerk's choice
    and never vouches for the mail (thread_trust ignores it).
    """
    company, contact = match_sender(address)
    if company is not None:
        return company, contact, False
    for forwarded in forwarded_senders:
        company, contact = match_sender(forwarded)
        if company is not None:
            return company, contact, True
    return None, None, False


def quoted_senders(text: str) -> list[str]:
    """The senders of the messages a colleague forwarded inline (pasted in the text under
    «---------- Mensaje reenviado ----------» or «De: … Enviado: …»), in order."""
    found: list[str] = []
    for match in QUOTED_FROM.finditer(text[:QUOTED_TEXT_CHARS]):
        address = ADDRESS.search(match.group("value"))
        if address and address.group().lower() not in found:
            found.append(address.group().lower())
            if len(found) == MAX_QUOTED_SENDERS:
                break
    return found


def _fold(text: str) -> str:
    """Lower case, no accents, single spaces: 'Árboles  Caídos' -> 'arboles caidos'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


def keyword_hits(category: RequestCategory, *, subject: str, text: str) -> dict[str, int]:
    """How often each of the category's keywords appears in the message (only those found).

    A keyword matches a whole word or phrase, ignoring case and accents, plus up to three more
    letters so 'árbol' also finds 'árboles' and 'poda' finds 'podar'.
    """
    haystack = _fold(f"{subject}\n{text}")
    hits = {}
    for keyword in category.keyword_list:
        folded = _fold(keyword)
        if folded and keyword not in hits:
            found = len(re.findall(rf"\b{re.escape(folded)}\w{{0,3}}\b", haystack))
            if found:
                hits[keyword] = found
    return hits


def suggest_category(*, subject: str, text: str) -> RequestCategory | None:
    """The active category with most distinct keywords in the message; None if none appears.

    Ties go to the category with more occurrences, then to the first by name.
    """
    best, best_score = None, (0, 0)
    for category in RequestCategory.objects.filter(is_active=True).order_by("name"):
        hits = keyword_hits(category, subject=subject, text=text)
        score = (len(hits), sum(hits.values()))
        if score > best_score:
            best, best_score = category, score
    return best
