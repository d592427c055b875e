"""Every URL of the project, discovered from the URLconf, with sample values for its arguments.

Tests use this list so that a page added later is checked without anyone editing the tests.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

SAMPLE_BY_CONVERTER = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


@dataclass(frozen=True)
class DiscoveredUrl:
    name: str
    path: str
    view: object


def _route_to_path(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        route = str(pattern._route)
        return re.sub(
            r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>",
            lambda m: SAMPLE_BY_CONVERTER.get(m.group("conv") or "str", "1"),
            route,
        )
    if isinstance(pattern, RegexPattern):
        return _regex_to_path(pattern._regex)
    raise TypeError(f"Unknown pattern type {type(pattern)!r}")


def _regex_to_path(regex: str) -> str:
    """Turn the simple regexes Django's admin uses into a sample path."""
    regex = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    out, index = [], 0
    while index < len(regex):
        if regex.startswith("(?P<", index):
            depth, end = 0, index
            while end < len(regex):
                if regex[end] == "(":
                    depth += 1
                elif regex[end] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                end += 1
            body = regex[regex.index(">", index) + 1 : end]
            first_alternative = body.split("|")[0]
            out.append(first_alternative if re.fullmatch(r"[\w-]+", first_alternative) else "1")
            index = end + 1
        else:
            out.append(regex[index])
            index += 1
    return "".join(out).replace("\\", "")


def discover_urls() -> list[DiscoveredUrl]:
    found: list[DiscoveredUrl] = []

    def walk(patterns, prefix: str, namespace: str):
        for entry in patterns:
            piece = _route_to_path(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + piece, inner.strip(":"))
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name or '(sin nombre)'}".strip(":")
                found.append(
                    DiscoveredUrl(name=name, path="/" + prefix + piece, view=entry.callback)
                )

    walk(get_resolver().url_patterns, "", "")
    return found
