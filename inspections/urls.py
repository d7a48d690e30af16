from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    # 网格巡查
    path("patrols/mine/", views.MyEnterprisesView.as_view(), name="my_enterprises"),
    path("patrols/start/<int:enterprise_pk>/", views.PatrolStartView.as_view(), name="patrol_start"),
    path("patrols/", views.PatrolListView.as_view(), name="patrol_list"),
    path("patrols/<int:pk>/", views.PatrolDetailView.as_view(), name="patrol_detail"),
    path("patrols/<int:pk>/location/", views.PatrolLocationView.as_view(), name="patrol_location"),
    path("patrols/<int:pk>/checklist/", views.PatrolChecklistView.as_view(), name="patrol_checklist"),
    path("patrols/<int:pk>/photos/", views.PatrolPhotosView.as_view(), name="patrol_photos"),
    path("patrols/<int:pk>/hazard/", views.PatrolHazardView.as_view(), name="patrol_hazard"),
    path("patrols/<int:pk>/finish/", views.PatrolFinishView.as_view(), name="patrol_finish"),
    path("patrols/photos/<int:pk>/", views.patrol_photo, name="patrol_photo"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    # 执法检查
    path("enforcement/", views.EnforcementHomeView.as_view(), name="enforcement_home"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.PlanEditView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/submit/", views.PlanSubmitView.as_view(), name="plan_submit"),
    path("plans/<int:pk>/decide/", views.PlanDecideView.as_view(), name="plan_decide"),
    path("records/", views.InspectionListView.as_view(), name="inspection_list"),
    path("records/new/", views.InspectionCreateView.as_view(), name="inspection_create"),
    path("records/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("records/<int:pk>/checklist/", views.InspectionChecklistView.as_view(), name="inspection_checklist"),
    path("records/<int:pk>/hazard/", views.InspectionHazardView.as_view(), name="inspection_hazard"),
    path("records/<int:pk>/finish/", views.InspectionFinishView.as_view(), name="inspection_finish"),
    path("records/<int:pk>/order/", views.InspectionOrderView.as_view(), name="inspection_order"),
    path("records/<int:pk>/violation/", views.InspectionViolationView.as_view(), name="inspection_violation"),
    path("documents/", views.DocumentListView.as_view(), name="document_list"),
    path("documents/<int:pk>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("documents/<int:pk>/reinspect/", views.ReinspectionCreateView.as_view(), name="reinspection_create"),
    path("penalties/", views.PenaltyListView.as_view(), name="penalty_list"),
    path("penalties/<int:pk>/paid/", views.PenaltyPaidView.as_view(), name="penalty_paid"),
    # 双随机一公开
    path("draws/", views.DrawListView.as_view(), name="draw_list"),
    path("draws/new/", views.DrawCreateView.as_view(), name="draw_create"),
    path("draws/<int:pk>/", views.DrawDetailView.as_view(), name="draw_detail"),
    path("draws/<int:pk>/publish/", views.DrawPublishView.as_view(), name="draw_publish"),
    path("draws/items/<int:pk>/start/", views.DrawItemStartView.as_view(), name="draw_item_start"),
    path("conflicts/", views.ConflictListView.as_view(), name="conflict_list"),
    path("public/random-checks/", views.PublicResultsView.as_view(), name="public_results"),
]
