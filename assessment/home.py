"""Home cards: the unit's own assessment, a reviewer's open items, the office's pending objections."""

from __future__ import annotations

from django.urls import reverse

from accounts.home import register
from accounts.navigation import register_menu
from accounts.permissions import can

from .choices import ObjectionStatus, SchemeStatus, Source
from .models import AssessedUnit, Objection, Score
from .permissions import is_member


@register
def assessment_cards(request) -> list[dict]:
    user = request.user
    units = AssessedUnit.objects.for_user(user).exclude(scheme__status=SchemeStatus.PUBLISHED)
    cards: list[dict] = []
    if can(user, "assessment.manage_schemes"):
        pending = Objection.objects.for_user(user).filter(status=ObjectionStatus.PENDING).count()
        open_schemes = units.values("scheme").distinct().count()
        cards.append({"title": "进行中的考核方案", "value": open_schemes, "url": reverse("assessment:scheme_list"), "tone": "primary"})
        if pending:
            cards.append({"title": "考核异议待答复", "value": pending, "url": reverse("assessment:objection_list"), "tone": "danger"})
        return cards
    mine = [u for u in units.select_related("scheme") if is_member(user, u)]
    for unit in mine:
        cards.append({
            "title": f"{unit.scheme.year}年度考核（{unit.scheme.get_status_display()}）",
            "value": unit.total if unit.total is not None and unit.scheme.status == SchemeStatus.OBJECTION else unit.name,
            "url": reverse("assessment:unit_detail", args=[unit.pk]), "tone": "info",
        })
    to_review = Score.objects.filter(
        unit__in=units.filter(reviewers=user, scheme__status=SchemeStatus.REVIEW).values("pk"),
        indicator__source=Source.MANUAL, reviewed_at__isnull=True,
    ).count()
    if to_review:
        cards.append({"title": "考核待评分项", "value": to_review, "url": reverse("assessment:unit_list"), "tone": "warning"})
    return cards


# The app's entries in the top bar (accounts.navigation).
register_menu("考核", order=70, entries=[
    ("年度考核", "assessment:unit_list", "assessment.view_units"),
    ("考核方案", "assessment:scheme_list", "assessment.manage_schemes"),
])
