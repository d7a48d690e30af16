"""Signals the inspections app sends. Other apps connect their receivers in their AppConfig.ready(), so
inspections never imports an app that follows it (enterprises.credit connects to both below).

``draw_pool_weights(sender=RandomDraw, enterprise_ids=[...])`` — asked while a 双随机 pool is
built; a receiver returns ``{enterprise_id: weight}`` for the enterprises it wants drawn more often
(an enterprise's weight is the largest any receiver gives, 1 by default; weights are hashed into
the draw's snapshot, so a receiver must be a pure read).

``penalty_decided(sender=Penalty, penalty=, description=)`` — a 行政处罚决定 (a fine, not a 首违不罚
exemption) was recorded, inside ``services.violation_handle``'s transaction; ``description`` is the
violation as the decision states it ("<code label>：<violation>", at most 300 characters).
"""

from django.dispatch import Signal

draw_pool_weights = Signal()
penalty_decided = Signal()
