"""REST API of the inspections app (/api/v1/…): patrols, plans, inspection records, documents,
penalties and 双随机 draws, each scoped by the same ``for_user`` as the pages (out of scope = 404);
a draw's ``verify`` re-runs it from its record.

The write actions — a grid officer's patrol step by step, a department's inspection, order,
violation, re-inspection and payment — call the same services as the pages: the services check
roles, state and input, their ValidationError comes back as a 400 naming the fields and their
PermissionDenied as a 403. A user whose work an action is not is refused (403, with the reason of
the named permission) before the lookup and before its input is checked (``ActionPermissions``).
Every lifecycle object carries ``allowed_actions``: what this user may do with it now."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.lifecycle import allowed_actions_field
from accounts.models import User
from accounts.permissions import can, reason
from enterprises.models import Enterprise
from hazards.api import HazardSerializer
from hazards.choices import CheckResult, HazardGrade
from hazards.models import CheckItem, Hazard
from safety_platform.api import ScopedReadOnlyViewSet, ScopedViewSetMixin, call_service

from . import draws, services
from .choices import SignOff
from .filters import DocumentFilter, DrawFilter, InspectionFilter, PatrolFilter, PenaltyFilter, PlanFilter
from .forms import department_officers, violation_choices
from .models import (
    DrawItem,
    EnforcementDocument,
    EnforcementPlan,
    Inspection,
    InspectionAnswer,
    Patrol,
    PatrolAnswer,
    Penalty,
    RandomDraw,
    Reinspection,
    ReinspectionResult,
)


class ActionPermissions(permissions.BasePermission):
    """``view.action_permissions`` = {action: named permission}: the write actions are the work of one
    role (网格员, 部门执法人员); everyone else gets a 403 with the permission's reason before any
    lookup or input check. The service still has the last word (its own officer and department)."""

    def has_permission(self, request, view) -> bool:
        name = getattr(view, "action_permissions", {}).get(view.action)
        if name is None or can(request.user, name):
            return True
        self.message = reason(name)
        return False


class WriteViewSetMixin(ScopedViewSetMixin):
    permission_classes = [permissions.IsAuthenticated, ActionPermissions]
    action_permissions: dict[str, str] = {}

    def validated(self, request) -> dict:
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        return dict(s.validated_data)

    def detail_response(self, obj, status_code: int = status.HTTP_200_OK) -> Response:
        """The object as the detail route shows it, read again after the service wrote it."""
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.detail_serializer(fresh, context=self.get_serializer_context()).data, status=status_code)


class PatrolAnswerSerializer(serializers.ModelSerializer):
    item_description = serializers.CharField(source="item.description", read_only=True)

    class Meta:
        model = PatrolAnswer
        fields = ["item", "item_description", "result", "note", "hazard"]


class PatrolSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    officer_name = serializers.CharField(source="officer.__str__", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    answers = PatrolAnswerSerializer(many=True, read_only=True)
    photo_count = serializers.SerializerMethodField()
    allowed_actions = allowed_actions_field("patrol")
    sign_off = serializers.ChoiceField(choices=SignOff.choices, allow_blank=True, read_only=True)  # "" = not yet

    class Meta:
        model = Patrol
        fields = ["id", "enterprise", "enterprise_name", "region", "officer", "officer_name", "status",
                  "status_display", "started_at", "finished_at", "visit_date", "lat", "lng", "accuracy_m",
                  "distance_m", "far_from_enterprise", "summary", "sign_off", "signer_name", "refusal_reason",
                  "hazards_found", "photo_count", "answers", "allowed_actions"]
        read_only_fields = fields

    def get_photo_count(self, patrol: Patrol) -> int:
        return len(patrol.photos.all())  # prefetched by the viewset: no query per row


class PatrolStartSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none(), help_text="被巡查企业")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["enterprise"].queryset = Enterprise.objects.for_user(request.user)


class PatrolLocationSerializer(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text="纬度（WGS-84）")
    lng = serializers.FloatField(min_value=-180, max_value=180, help_text="经度（WGS-84）")
    accuracy_m = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, allow_null=True,
                                          default=None, help_text="定位精度（米）")


class ChecklistAnswerInputSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=CheckItem.objects.all(), help_text="该企业适用检查表的检查项")
    result = serializers.ChoiceField(choices=CheckResult.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ChecklistAnswersSerializer(serializers.Serializer):
    answers = ChecklistAnswerInputSerializer(many=True, help_text="可只提交部分检查项（草稿逐步保存）")


class PatrolPhotosSerializer(serializers.Serializer):
    photos = serializers.ListField(child=serializers.FileField(), help_text="现场照片（JPEG/PNG）")
    caption = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class SpotHazardInputSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=HazardGrade.choices, default=HazardGrade.GENERAL)
    description = serializers.CharField()
    deadline = serializers.DateField(help_text="整改期限（不早于今天）")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class PatrolHazardInputSerializer(SpotHazardInputSerializer):
    responsible = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    item = serializers.PrimaryKeyRelatedField(queryset=CheckItem.objects.all(), required=False, allow_null=True,
                                              default=None, help_text="对应的检查项（该项记为不合格）")


class PatrolFinishSerializer(serializers.Serializer):
    sign_off = serializers.ChoiceField(choices=SignOff.choices)
    signer_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="",
                                        help_text="企业签字确认时必填")
    refusal_reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                           help_text="企业拒绝签字时必填")
    summary = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    create=extend_schema(request=PatrolStartSerializer, responses={201: PatrolSerializer, 200: PatrolSerializer},
                         description="网格员在企业开始巡查；该企业已有本人未完成的巡查时返回该草稿（200）。"),
    location=extend_schema(responses=PatrolSerializer),
    answers=extend_schema(responses=PatrolSerializer),
    photos=extend_schema(responses=PatrolSerializer),
    hazards=extend_schema(responses={201: HazardSerializer}),
    finish=extend_schema(responses=PatrolSerializer),
)
class PatrolViewSet(WriteViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """网格巡查（按范围）：网格员开始巡查、定位、填写检查表、拍照、登记隐患、企业签字/拒签完成。
    每一步都保存在服务器端的草稿上。"""

    serializer_class = PatrolSerializer
    detail_serializer = PatrolSerializer
    queryset = Patrol.objects.none()
    filterset_class = PatrolFilter
    select_related = ("enterprise", "officer")
    prefetch_related = ("answers__item", "photos")
    action_permissions = dict.fromkeys(("create", "location", "answers", "photos", "hazards", "finish"),
                                       "inspections.patrol")

    def get_serializer_class(self):
        return PatrolStartSerializer if self.action == "create" else super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        started = timezone.now()
        patrol = call_service(services.patrol_start, by=request.user, **self.validated(request))
        return self.detail_response(patrol, status.HTTP_201_CREATED if patrol.started_at >= started else status.HTTP_200_OK)

    def _step(self, request, fn):
        patrol = self.get_object()
        call_service(fn, patrol=patrol, by=request.user, **self.validated(request))
        return self.detail_response(patrol)

    @action(detail=True, methods=["post"], serializer_class=PatrolLocationSerializer)
    def location(self, request, pk=None):
        """记录手机定位；距企业登记位置过远时标记 far_from_enterprise（提示，不拒绝）。"""
        return self._step(request, services.patrol_record_location)

    @action(detail=True, methods=["post"], serializer_class=ChecklistAnswersSerializer, parser_classes=[JSONParser])
    def answers(self, request, pk=None):
        """保存（部分）检查表结果。"""
        return self._step(request, services.patrol_save_answers)

    @action(detail=True, methods=["post"], serializer_class=PatrolPhotosSerializer, parser_classes=[MultiPartParser])
    def photos(self, request, pk=None):
        """上传现场照片（multipart，字段 photos 可重复）。"""
        return self._step(request, services.patrol_add_photos)

    @action(detail=True, methods=["post"], serializer_class=PatrolHazardInputSerializer,
            parser_classes=[JSONParser, MultiPartParser, FormParser])
    def hazards(self, request, pk=None):
        """现场登记隐患：进入隐患台账（来源 网格巡查）；对应检查项记为不合格。"""
        hazard = call_service(services.patrol_record_hazard, patrol=self.get_object(), by=request.user,
                              **self.validated(request))
        return Response(HazardSerializer(hazard, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=PatrolFinishSerializer)
    def finish(self, request, pk=None):
        """完成巡查：检查表须全部填写、不合格项均已登记隐患；企业签字（签字人）或拒签（拒签情况）。"""
        return self._step(request, services.patrol_finish)


class PlanSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    allowed_actions = allowed_actions_field("enforcement_plan")

    class Meta:
        model = EnforcementPlan
        ref_name = "EnforcementPlan"  # OpenAPI component name (emergency/hazards have a "Plan" too)
        fields = ["id", "department", "department_name", "year", "q1", "q2", "q3", "q4", "key_enterprises", "note",
                  "status", "status_display", "submitted_at", "decided_at", "decision_note", "allowed_actions"]
        read_only_fields = fields


class PlanViewSet(ScopedReadOnlyViewSet):
    serializer_class = PlanSerializer
    queryset = EnforcementPlan.objects.none()
    filterset_class = PlanFilter
    select_related = ("department",)
    prefetch_related = ("key_enterprises",)


class InspectionAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionAnswer
        fields = ["item", "result", "note"]


class InspectorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    enforcement_cert_no = serializers.CharField()


class InspectionSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    inspectors = InspectorSerializer(many=True, read_only=True)
    answers = InspectionAnswerSerializer(many=True, read_only=True)
    result_display = serializers.CharField(source="get_result_display", read_only=True)
    allowed_actions = allowed_actions_field("inspection")

    class Meta:
        model = Inspection
        fields = ["id", "department", "department_name", "enterprise", "enterprise_name", "region", "kind", "status",
                  "inspected_on", "place", "inspectors", "summary", "result", "result_display", "draw_item",
                  "finished_at", "answers", "allowed_actions"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = EnforcementDocument
        fields = ["id", "number", "kind", "kind_display", "department", "year", "sequence", "enterprise",
                  "enterprise_name", "inspection", "order", "hazards", "body", "deadline", "issued_on"]
        read_only_fields = fields


class PenaltySerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    document_number = serializers.CharField(source="document.number", read_only=True)
    allowed_actions = allowed_actions_field("penalty")

    class Meta:
        model = Penalty
        fields = ["id", "inspection", "enterprise", "department", "violation_code", "violation", "legal_basis",
                  "amount", "status", "status_display", "document", "document_number", "decided_on", "paid_on",
                  "allowed_actions"]
        read_only_fields = fields


class DepartmentOfficersField(serializers.PrimaryKeyRelatedField):
    """Enforcement officers of the requesting user's department (the service checks their 执法证号)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.none(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return department_officers(request.user) if request is not None else User.objects.none()


class InspectionStartSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none(), required=False,
                                                    allow_null=True, default=None,
                                                    help_text="被检查单位（由双随机抽取结果开始时可不填）")
    inspected_on = serializers.DateField(help_text="检查日期（不晚于今天）")
    inspectors = DepartmentOfficersField(many=True, required=False, default=list,
                                         help_text="本部门执法人员，至少 2 名且须有执法证号")
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                  help_text="检查场所（留空为企业登记地址）")
    draw_item = serializers.PrimaryKeyRelatedField(queryset=DrawItem.objects.none(), required=False, allow_null=True,
                                                   default=None, help_text="双随机抽取结果（企业和执法人员取自抽取结果）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["enterprise"].queryset = Enterprise.objects.for_user(request.user)
            self.fields["draw_item"].queryset = DrawItem.objects.filter(draw__in=RandomDraw.objects.for_user(request.user))


class InspectionHazardInputSerializer(SpotHazardInputSerializer):
    category = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")


class InspectionFinishSerializer(serializers.Serializer):
    summary = serializers.CharField(help_text="检查情况")


class OrderInputSerializer(serializers.Serializer):
    hazards = serializers.PrimaryKeyRelatedField(many=True, queryset=Hazard.objects.none(),
                                                 help_text="本次检查发现的、须限期整改的隐患")
    deadline = serializers.DateField(help_text="整改期限（不早于今天）")
    requirement = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["hazards"].child_relation.queryset = Hazard.objects.for_user(request.user)


class ViolationInputSerializer(serializers.Serializer):
    violation_code = serializers.ChoiceField(choices=(), help_text="首违不罚清单中的类别，或 other")
    violation = serializers.CharField(help_text="违法事实")
    legal_basis = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                        help_text="处罚依据（处罚时必填）")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True,
                                      default=None, help_text="罚款金额（元，处罚时必填）")
    deadline = serializers.DateField(required=False, allow_null=True, default=None, help_text="改正期限（首违不罚时必填）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violation_code"].choices = violation_choices()


@extend_schema_view(
    create=extend_schema(request=InspectionStartSerializer, responses={201: InspectionSerializer}),
    answers=extend_schema(responses=InspectionSerializer),
    hazards=extend_schema(responses={201: HazardSerializer}),
    finish=extend_schema(responses=InspectionSerializer),
    order=extend_schema(responses={201: DocumentSerializer}),
    violations=extend_schema(responses={201: PenaltySerializer}),
)
class InspectionViewSet(WriteViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    """执法检查记录（部门只见本部门）：开始检查（≥ 2 名持证执法人员）、检查表、发现隐患、完成（现场检查记录）、
    责令限期整改指令书、违法行为处理（首违不罚或行政处罚决定书）。"""

    serializer_class = InspectionSerializer
    detail_serializer = InspectionSerializer
    queryset = Inspection.objects.none()
    filterset_class = InspectionFilter
    select_related = ("enterprise", "department")
    prefetch_related = ("inspectors", "answers")
    action_permissions = dict.fromkeys(("create", "answers", "hazards", "finish", "order", "violations"),
                                       "inspections.enforce")

    def get_serializer_class(self):
        return InspectionStartSerializer if self.action == "create" else super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        inspection = call_service(services.inspection_start, by=request.user, **self.validated(request))
        return self.detail_response(inspection, status.HTTP_201_CREATED)

    def _call(self, request, fn):
        return call_service(fn, inspection=self.get_object(), by=request.user, **self.validated(request))

    @action(detail=True, methods=["post"], serializer_class=ChecklistAnswersSerializer, parser_classes=[JSONParser])
    def answers(self, request, pk=None):
        """保存（部分）检查表结果（检查完成前）。"""
        return self.detail_response(self._call(request, services.inspection_save_answers))

    @action(detail=True, methods=["post"], serializer_class=InspectionHazardInputSerializer,
            parser_classes=[JSONParser, MultiPartParser, FormParser])
    def hazards(self, request, pk=None):
        """检查发现的隐患进入隐患台账（来源 执法检查 / 双随机抽查）。"""
        hazard = self._call(request, services.inspection_record_hazard)
        return Response(HazardSerializer(hazard, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=InspectionFinishSerializer)
    def finish(self, request, pk=None):
        """完成现场检查：检查表须全部填写；出具现场检查记录（编号）。"""
        return self.detail_response(self._call(request, services.inspection_finish))

    @action(detail=True, methods=["post"], serializer_class=OrderInputSerializer)
    def order(self, request, pk=None):
        """对本次检查发现的隐患签发责令限期整改指令书（检查完成后）。"""
        doc = self._call(request, services.inspection_issue_order)
        return Response(DocumentSerializer(doc, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=ViolationInputSerializer)
    def violations(self, request, pk=None):
        """违法行为处理：首违不罚清单内的初次违法责令改正，否则作出行政处罚决定（检查完成后）。"""
        penalty = self._call(request, services.violation_handle)
        return Response(PenaltySerializer(penalty, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class PenaltyPaidSerializer(serializers.Serializer):
    paid_on = serializers.DateField(help_text="缴纳日期（决定日期至今天之间）")


@extend_schema_view(paid=extend_schema(responses=PenaltySerializer))
class PenaltyViewSet(WriteViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """行政处罚与首违不罚（按范围）；部门登记罚款缴纳。"""

    serializer_class = PenaltySerializer
    detail_serializer = PenaltySerializer
    queryset = Penalty.objects.none()
    filterset_class = PenaltyFilter
    select_related = ("document",)
    action_permissions = {"paid": "inspections.enforce"}

    @action(detail=True, methods=["post"], serializer_class=PenaltyPaidSerializer)
    def paid(self, request, pk=None):
        """登记罚款已缴纳。"""
        penalty = call_service(services.penalty_mark_paid, penalty=self.get_object(), by=request.user,
                               **self.validated(request))
        return self.detail_response(penalty)


class ReinspectionHazardInputSerializer(serializers.Serializer):
    hazard = serializers.IntegerField(help_text="整改指令书所列隐患的 id")
    passed = serializers.BooleanField(help_text="是否已整改")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReinspectionInputSerializer(serializers.Serializer):
    inspected_on = serializers.DateField(help_text="复查日期（不晚于今天）")
    inspectors = DepartmentOfficersField(many=True, help_text="本部门执法人员，至少 2 名且须有执法证号")
    results = ReinspectionHazardInputSerializer(many=True, required=False, default=list,
                                                help_text="指令书所列每条隐患的复查结论")
    rectified = serializers.BooleanField(required=False, allow_null=True, default=None,
                                         help_text="无隐患清单的指令书（首违不罚）的复查结论")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReinspectionResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReinspectionResult
        fields = ["hazard", "passed", "note"]


class ReinspectionSerializer(serializers.ModelSerializer):
    conclusion_display = serializers.CharField(source="get_conclusion_display", read_only=True)
    document_number = serializers.CharField(source="document.number", read_only=True)
    inspectors = InspectorSerializer(many=True, read_only=True)
    results = ReinspectionResultSerializer(many=True, read_only=True)

    class Meta:
        model = Reinspection
        fields = ["id", "order", "inspected_on", "conclusion", "conclusion_display", "note", "document",
                  "document_number", "inspectors", "results"]
        read_only_fields = fields


@extend_schema_view(reinspect=extend_schema(responses={201: ReinspectionSerializer}))
class DocumentViewSet(WriteViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """执法文书（按范围）；对责令限期整改指令书进行复查（出具整改复查意见书，隐患销号或退回整改）。"""

    serializer_class = DocumentSerializer
    queryset = EnforcementDocument.objects.none()
    filterset_class = DocumentFilter
    select_related = ("enterprise",)
    prefetch_related = ("hazards",)
    action_permissions = {"reinspect": "inspections.enforce"}

    @action(detail=True, methods=["post"], serializer_class=ReinspectionInputSerializer)
    def reinspect(self, request, pk=None):
        """复查：每条隐患已整改 → 销号，未整改 → 退回整改；无隐患清单的指令书用 rectified。"""
        order = self.get_object()
        data = self.validated(request)
        data["results"] = {r["hazard"]: (r["passed"], r["note"]) for r in data["results"]}
        rec = call_service(services.reinspection_record, order=order, by=request.user, **data)
        return Response(ReinspectionSerializer(rec, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class DrawItemSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = DrawItem
        fields = ["position", "enterprise", "enterprise_name", "inspectors", "published_at"]


class DrawSerializer(serializers.ModelSerializer):
    items = DrawItemSerializer(many=True, read_only=True)
    allowed_actions = allowed_actions_field("draw")

    class Meta:
        model = RandomDraw
        fields = ["id", "department", "title", "criteria", "enterprise_count", "inspectors_per_enterprise", "seed",
                  "pool_hash", "snapshot", "status", "drawn_at", "drawn_by", "items", "allowed_actions"]
        read_only_fields = fields


class DrawCheckSerializer(serializers.Serializer):
    record_intact = serializers.BooleanField()
    reproduced = serializers.BooleanField()
    pool_unchanged = serializers.BooleanField()
    current_hash = serializers.CharField()


class DrawViewSet(ScopedReadOnlyViewSet):
    serializer_class = DrawSerializer
    queryset = RandomDraw.objects.none()
    filterset_class = DrawFilter
    select_related = ("department",)
    prefetch_related = ("items__enterprise", "items__inspectors")

    @extend_schema(responses=DrawCheckSerializer)
    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        """Re-run the draw from its stored seed and snapshot; compare with the live pools."""
        check = draws.check_draw(self.get_object())
        return Response(DrawCheckSerializer(check).data)
