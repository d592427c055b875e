"""The HTML of an email, made safe to show and turned into readable text.

Mail arrives with scripts, tracking pixels, styles and forms; the inbox shows only formatting
and plain links, and reads the words (for the company match and the category suggestion) from
the text the HTML displays.
"""

import html
import re
from html.parser import HTMLParser

import nh3

# The sanitised HTML keeps formatting and links, nothing active and nothing that loads from
# the network (no img, no style attribute, no relative URLs).
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
    "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan"}}
DROPPED_WITH_CONTENT = {
    "script", "style", "title", "head", "noscript", "template", "iframe", "object", "embed",
    "svg", "math", "select", "textarea", "button",
}  # fmt: skip
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(source: str) -> str:
    """HTML safe to show: formatting and http/https/mailto links only."""
    return nh3.clean(
        source,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        url_relative="deny",
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


class _TextExtractor(HTMLParser):
    PARAGRAPH = {
        "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "h1",
        "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre",
        "address", "center", "form", "fieldset", "hr",
    }  # fmt: skip
    LINE = {"tr", "dt", "dd", "caption"}
    SKIPPED = DROPPED_WITH_CONTENT

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0
        self.links: list[str | None] = []
        self.link_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skip_depth += 1
        elif tag == "br":
            self.pieces.append("\n")
        elif tag == "li":
            self.pieces.append("\n- ")
        elif tag in ("td", "th"):
            self.pieces.append(" ")
        elif tag in self.LINE:
            self.pieces.append("\n")
        elif tag in self.PARAGRAPH:
            self.pieces.append("\n\n")
        if tag == "pre":
            self.pre_depth += 1
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            self.links.append(href if re.match(r"https?://", href, re.IGNORECASE) else None)
            self.link_text = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.SKIPPED:
            self.skip_depth -= 1

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in self.PARAGRAPH:
            self.pieces.append("\n\n")
        elif tag in self.LINE:
            self.pieces.append("\n")
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        if tag == "a" and self.links:
            href = self.links.pop()
            label = " ".join("".join(self.link_text).split())
            if href and href.rstrip("/") != label.rstrip("/"):
                self.pieces.append(f" ({href})")

    def handle_data(self, data):
        if self.skip_depth:
            return
        if not self.pre_depth:
            data = re.sub(r"\s+", " ", data)
        self.pieces.append(data)
        if self.links:
            self.link_text.append(data)

    def text(self) -> str:
        joined = "".join(self.pieces).replace("\xa0", " ")
        lines = [" ".join(line.split()) if line.strip() else "" for line in joined.split("\n")]
        text = "\n".join(lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_to_text(source: str) -> str:
    """Readable text of an HTML mail: paragraphs and line breaks kept, tags removed."""
    if not source.strip():
        return ""
    extractor = _TextExtractor()
    try:
        extractor.feed(source)
        extractor.close()
    except Exception:
        return html.unescape(re.sub(r"<[^>]*>", " ", source)).strip()
    return extractor.text()
