"""Receivers of the public-report app, connected when ReportingConfig.ready() imports this module."""

from django.dispatch import receiver

from hazards.models import Hazard
from hazards.signals import hazard_transitioned

from .services import report_follow_hazard


@receiver(hazard_transitioned, sender=Hazard, dispatch_uid="reporting.follow_hazard")
def follow_hazard(sender, *, hazard: Hazard, action: str, by, **kwargs) -> None:
    """A public report closes when its hazard is closed (and reopens if a spot check reopens the hazard)."""
    report_follow_hazard(hazard=hazard, action=action, by=by)
