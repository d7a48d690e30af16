"""REST API of the credit list (read-only, scoped like the pages: an enterprise sees its own entries)."""

from __future__ import annotations

from rest_framework import serializers

from accounts.lifecycle import allowed_actions_field
from safety_platform.api import ScopedReadOnlyViewSet

from .filters import ListingFilter
from .models import CreditListing, CreditRemoval


class RemovalSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = CreditRemoval
        fields = ["id", "status", "status_display", "proposed_at", "grounds", "decided_at", "decision_note"]


class ListingSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    removals = RemovalSerializer(many=True, read_only=True)
    allowed_actions = allowed_actions_field("credit_listing")

    class Meta:
        model = CreditListing
        fields = ["id", "enterprise", "enterprise_name", "enterprise_uscc", "reason", "legal_basis", "listed_on",
                  "source", "status", "status_display", "removed_on", "removals", "allowed_actions"]
        read_only_fields = fields


class ListingViewSet(ScopedReadOnlyViewSet):
    """严重违法失信名单（按当前用户范围；企业只见本企业记录）。"""

    queryset = CreditListing.objects.all()
    serializer_class = ListingSerializer
    filterset_class = ListingFilter
    select_related = ("enterprise",)
    prefetch_related = ("removals",)
