"""失信 on the enterprise register: a badge on the list, a column of its export and the filter
``?credit=listed`` (enterprises.marks; imported by CreditConfig.ready())."""

from enterprises.marks import Mark, register_mark

from .models import CreditListing
from .selectors import listed_enterprise_ids

register_mark(Mark(
    "credit", badge="失信", title="在严重违法失信名单中", column="严重失信名单",
    filter_label="失信名单", filter_choice="仅失信",
    # On the list now: listed, or proposed for removal but not yet removed.
    marked=lambda: CreditListing.objects.active().values("enterprise_id"),
    marked_among=listed_enterprise_ids,
))
