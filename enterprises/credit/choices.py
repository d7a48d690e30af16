from django.db import models


class ListingStatus(models.TextChoices):
    LISTED = "listed", "在列"
    REMOVAL_PROPOSED = "proposed", "在列（拟移出，待确认）"
    REMOVED = "removed", "已移出"


# Still on the list (shown publicly, weighted in 双随机) until the office confirms the removal.
ACTIVE_STATUSES = (ListingStatus.LISTED, ListingStatus.REMOVAL_PROPOSED)


class RemovalStatus(models.TextChoices):
    PROPOSED = "proposed", "拟移出，待安委办确认"
    CONFIRMED = "confirmed", "已确认移出"
    REJECTED = "rejected", "不予移出"
