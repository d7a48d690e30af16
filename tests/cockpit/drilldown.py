"""Helpers shared by the cockpit tests: read the figures a page shows and the lists they link to."""

from __future__ import annotations

import html
import re

from django.db.models import Sum

FIGURE = re.compile(r'<a class="cockpit-figure" href="([^"]+)" data-check="([^"]*)"(?: data-value="([^"]*)")?[^>]*>([^<]*)</a>')


def figures(page_html: str) -> list[tuple[str, str, str]]:
    """(url, check, shown value) of every figure link on a page."""
    return [(html.unescape(url), check, (value if value is not None and value != "" else text).strip())
            for url, check, value, text in FIGURE.findall(page_html)]


def list_total(response, check: str) -> int:
    """What the linked list shows: its row count, the sum of a field over its rows, or a total the
    page itself shows (``ctx:totals.visited`` — for boards that count per row, e.g. coverage)."""
    ctx = response.context
    page = ctx.get("page_obj")
    if check.startswith("ctx:"):
        name, _, key = check.removeprefix("ctx:").partition(".")
        value = ctx[name]
        return value[key] if key else value
    if check == "count":
        return page.paginator.count if page is not None else ctx["row_count"]
    field = check.removeprefix("sum:")
    return page.paginator.object_list.aggregate(total=Sum(field))["total"] or 0


def mismatches(client, page_html: str) -> tuple[int, list[str]]:
    """Fetch every checked figure's link as the same user; return (checked, mismatches)."""
    checked, wrong = 0, []
    for url, check, shown in figures(page_html):
        if not check:
            continue
        response = client.get(url)
        if response.status_code != 200:
            wrong.append(f"{url}: HTTP {response.status_code}")
            continue
        actual = list_total(response, check)
        checked += 1
        if int(shown) != actual:
            wrong.append(f"{url} ({check}): cockpit shows {shown}, list has {actual}")
    return checked, wrong
