"""Signals the hazards app sends. Other apps connect their receivers in their AppConfig.ready(), so
hazards never imports an app that follows it (floors point one way).

``hazard_transitioned(sender=Hazard, hazard=, action=, by=)`` — after every lifecycle step
(``HazardTransition`` row and audit row written), inside the step's transaction: a receiver's write
commits or rolls back with the step, and a receiver that raises aborts it. ``action`` is a
``TransitionAction`` value. hazards.reporting closes a public report with its hazard this way.
"""

from django.dispatch import Signal

hazard_transitioned = Signal()
