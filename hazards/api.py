"""REST API of the hazards app: the same services as the pages, scoped by the same ``for_user``."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.lifecycle import allowed_actions_field
from accounts.permissions import require
from enterprises.models import Enterprise
from safety_platform.api import ScopedViewSetMixin, call_service

from . import services
from .choices import CheckResult, HazardGrade, HazardSource
from .filters import HazardFilter, SelfCheckFilter
from .models import (
    CheckItem,
    CheckTemplate,
    ExtensionRequest,
    Hazard,
    HazardPhoto,
    HazardTransition,
    SelfCheck,
    SelfCheckAnswer,
)


class TransitionSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()
    action_display = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = HazardTransition
        fields = ["at", "by", "action", "action_display", "from_status", "to_status", "escalation_level", "note"]


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = HazardPhoto
        fields = ["id", "kind", "url", "uploaded_at"]

    def get_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("hazards:photo", kwargs={"pk": obj.pk})


class HazardSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    overdue = serializers.BooleanField(source="overdue_now", read_only=True)
    # what this user may do now: the same lifecycle table the service enforces and the page's buttons read
    allowed_actions = allowed_actions_field("hazard")

    class Meta:
        model = Hazard
        fields = [
            "id", "number", "enterprise", "enterprise_name", "region", "region_name", "source", "source_display",
            "grade", "grade_display", "status", "status_display", "description", "location", "category", "deadline",
            "responsible", "reported_at", "rectifying_at", "submitted_at", "closed_at", "overdue", "escalation_level",
            "plan_responsibility", "plan_measures", "plan_funds", "plan_deadline", "plan_emergency",
            "rectification_note", "spot_check_due", "allowed_actions",
        ]
        read_only_fields = fields


class HazardDetailSerializer(HazardSerializer):
    transitions = TransitionSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta(HazardSerializer.Meta):
        fields = [*HazardSerializer.Meta.fields, "transitions", "photos"]
        read_only_fields = fields


class HazardCreateSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    source = serializers.ChoiceField(choices=HazardSource.choices)
    grade = serializers.ChoiceField(choices=HazardGrade.choices, default=HazardGrade.GENERAL)
    description = serializers.CharField()
    deadline = serializers.DateField()
    location = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.CharField(required=False, allow_blank=True, default="")
    responsible = serializers.CharField(required=False, allow_blank=True, default="")
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["enterprise"].queryset = Enterprise.objects.for_user(request.user)


class PlanSerializer(serializers.Serializer):
    responsibility = serializers.CharField(required=False, allow_blank=True, default="")
    measures = serializers.CharField(required=False, allow_blank=True, default="")
    funds = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True, default=None)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    emergency = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "RectificationPlan"  # OpenAPI component name (emergency/inspections have a "Plan" too)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SubmitSerializer(NoteSerializer):
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class VerifySerializer(NoteSerializer):
    passed = serializers.BooleanField()


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=400, help_text="撤销理由（为什么不是隐患）")


class SuperviseSerializer(serializers.Serializer):
    deadline = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    doc_no = serializers.CharField(required=False, allow_blank=True, default="")


class ExtensionSerializer(serializers.Serializer):
    new_deadline = serializers.DateField()
    reason = serializers.CharField()


class DecisionSerializer(NoteSerializer):
    request = serializers.IntegerField()
    approve = serializers.BooleanField()


# OpenAPI: every action answers with the hazard's detail (the request bodies differ per action).
@extend_schema_view(
    create=extend_schema(responses={201: HazardDetailSerializer}),
    **{name: extend_schema(responses=HazardDetailSerializer) for name in (
        "plan", "start", "submit", "verify", "spot_check", "withdraw", "supervise", "extension", "decide_extension")},
)
class HazardViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """隐患台账（按当前用户范围）：登记、五到位、整改、提交验收、验收/退回、抽查、挂牌督办、延期。"""

    queryset = Hazard.objects.all()
    filterset_class = HazardFilter
    select_related = ("enterprise", "region")
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        return {
            "retrieve": HazardDetailSerializer, "create": HazardCreateSerializer, "plan": PlanSerializer,
            "start": NoteSerializer, "submit": SubmitSerializer, "verify": VerifySerializer,
            "spot_check": VerifySerializer, "withdraw": WithdrawSerializer, "supervise": SuperviseSerializer, "extension": ExtensionSerializer,
            "decide_extension": DecisionSerializer,
        }.get(self.action, HazardSerializer)

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "retrieve":
            qs = qs.prefetch_related("transitions__by", "photos")
        return qs

    def create(self, request, *args, **kwargs):
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        hazard = call_service(services.hazard_report, reporter=request.user, **s.validated_data)
        return Response(HazardDetailSerializer(hazard, context={"request": request}).data, status=status.HTTP_201_CREATED)

    def _act(self, request, fn, **extra):
        hazard = self.get_object()
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        call_service(fn, hazard=hazard, by=request.user, **s.validated_data, **extra)
        hazard = self.get_queryset().get(pk=hazard.pk)
        return Response(HazardDetailSerializer(hazard, context={"request": request}).data)

    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        return self._act(request, services.hazard_set_plan)

    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._act(request, services.hazard_start_rectification)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(request, services.hazard_submit)

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._act(request, services.hazard_verify)

    @action(detail=True, methods=["post"], url_path="spot-check")
    def spot_check(self, request, pk=None):
        return self._act(request, services.hazard_spot_check)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """误报撤销：企业撤销本企业自查误登记的一般隐患（写明理由，属地网格员抽查）。"""
        require(request.user, "hazards.withdraw", self.get_object())  # 403 before the body is read
        return self._act(request, services.hazard_withdraw)

    @action(detail=True, methods=["post"])
    def supervise(self, request, pk=None):
        return self._act(request, services.hazard_supervise)

    @action(detail=True, methods=["post"])
    def extension(self, request, pk=None):
        return self._act(request, services.extension_request)

    @action(detail=True, methods=["post"], url_path="decide-extension")
    def decide_extension(self, request, pk=None):
        hazard = self.get_object()
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        req = get_object_or_404(ExtensionRequest, pk=s.validated_data["request"], hazard=hazard)
        call_service(services.extension_decide, request=req, by=request.user, approve=s.validated_data["approve"],
            note=s.validated_data["note"])
        return Response(HazardDetailSerializer(self.get_queryset().get(pk=hazard.pk), context={"request": request}).data)


class AnswerSerializer(serializers.ModelSerializer):
    item_description = serializers.CharField(source="item.description", read_only=True)

    class Meta:
        model = SelfCheckAnswer
        fields = ["item", "item_description", "result", "note", "hazard"]


class SelfCheckSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    week_label = serializers.CharField(read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = SelfCheck
        fields = ["id", "enterprise", "enterprise_name", "week_start", "week_label", "is_zero", "is_late",
                  "hazards_found", "submitted_at", "amended_at", "amend_count", "note", "is_proxy", "proxy_reason",
                  "submitted_by", "answers"]
        read_only_fields = fields


class AnswerInputSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=CheckItem.objects.all())
    result = serializers.ChoiceField(choices=CheckResult.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    location = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    responsible = serializers.CharField(required=False, allow_blank=True, default="")


class SelfCheckSubmitSerializer(serializers.Serializer):
    week_start = serializers.DateField(help_text="该周任一天（按 ISO 周归并到周一）")
    zero_report = serializers.BooleanField(default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    answers = AnswerInputSerializer(many=True, required=False, default=list)


class SelfCheckProxySerializer(SelfCheckSubmitSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), help_text="代报的企业")
    proxy_reason = serializers.CharField(max_length=200, help_text="代报原因（如：企业无智能手机、无人会操作）")


@extend_schema_view(create=extend_schema(responses={201: SelfCheckSerializer}),
                    amend=extend_schema(responses=SelfCheckSerializer),
                    on_behalf=extend_schema(request=SelfCheckProxySerializer, responses={201: SelfCheckSerializer}))
class SelfCheckViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """企业隐患自查周报：查询（按范围）；企业提交本周自查（每周一次，截止前可修改）。"""

    queryset = SelfCheck.objects.all()
    serializer_class = SelfCheckSerializer
    filterset_class = SelfCheckFilter
    select_related = ("enterprise",)
    prefetch_related = ("answers__item",)

    def get_serializer_class(self):
        if self.action == "on_behalf":
            return SelfCheckProxySerializer
        return SelfCheckSubmitSerializer if self.action in ("create", "amend") else SelfCheckSerializer

    def create(self, request, *args, **kwargs):
        user = request.user
        require(user, "hazards.file_selfcheck")  # 403 before the input is read
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        sc = call_service(services.selfcheck_submit, enterprise=user.enterprise, by=user, **s.validated_data)
        return Response(SelfCheckSerializer(sc, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["post"], url_path="on-behalf")
    def on_behalf(self, request):
        """代报：网格员（本人网格）或街道（本街道）为不能使用平台的企业填报本周自查，须写明原因。"""
        require(request.user, "hazards.proxy_filer")  # 403 before the input is read
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        sc = call_service(services.selfcheck_submit, by=request.user, on_behalf=True, **data)
        return Response(SelfCheckSerializer(sc, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        sc = self.get_object()
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = {k: v for k, v in s.validated_data.items() if k != "week_start"}
        sc = call_service(services.selfcheck_amend, self_check=sc, by=request.user, **data)
        return Response(SelfCheckSerializer(sc).data)


class CheckItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckItem
        fields = ["id", "order", "description", "basis", "category", "major_by_definition"]


class CheckTemplateSerializer(serializers.ModelSerializer):
    items = CheckItemSerializer(many=True, read_only=True)

    class Meta:
        model = CheckTemplate
        fields = ["id", "name", "industry", "key_flag", "description", "is_active", "items"]


class CheckTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """自查检查表（参考数据）。"""

    queryset = CheckTemplate.objects.prefetch_related("items")
    serializer_class = CheckTemplateSerializer
    filterset_fields = ["industry", "key_flag", "is_active"]
