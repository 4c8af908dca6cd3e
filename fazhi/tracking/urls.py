from django.urls import path

from fazhi.tracking import views
from fazhi.tracking.views.office import period_action, periods, periods_end, periods_start
from fazhi.tracking.views.settings import cadence

app_name = "tracking"
urlpatterns = [
    path("", views.my_home, name="my_home"),
    path("assignments/<int:assignment_pk>/periods/<int:period_pk>/", views.report_edit, name="report_edit"),
    path("assignments/<int:assignment_pk>/periods/<int:period_pk>/save/", views.report_save, name="report_save"),
    path("assignments/<int:assignment_pk>/periods/<int:period_pk>/carry-over/", views.report_carry_over,
         name="report_carry_over"),
    path("assignments/<int:assignment_pk>/periods/<int:period_pk>/copy-last/", views.report_copy_last,
         name="report_copy_last"),
    path("reports/<int:report_pk>/targets/<int:target_pk>/measure/", views.measurement_add,
         name="measurement_add"),
    path("assignments/<int:assignment_pk>/periods/<int:period_pk>/submit/", views.report_submit,
         name="report_submit"),
    path("reports/<int:report_pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("reports/<int:report_pk>/evidence/cite/", views.evidence_cite, name="evidence_cite"),
    path("reports/<int:report_pk>/evidence/<int:evidence_pk>/detach/", views.evidence_detach,
         name="evidence_detach"),
    path("evidence/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
    path("board/", views.board, name="board"),
    path("board/<int:plan_pk>/units/<int:unit_pk>/urge/", views.urge, name="urge"),
    path("plans/<int:plan_pk>/periods/", periods, name="periods"),
    path("plans/<int:plan_pk>/periods/start/", periods_start, name="periods_start"),
    path("plans/<int:plan_pk>/periods/end/", periods_end, name="periods_end"),
    path("plans/<int:plan_pk>/cadence/", cadence, name="cadence"),
    path("periods/<int:pk>/<slug:action>/", period_action, name="period_action"),
    path("goals/<int:goal_pk>/assess/", views.goal_assess_view, name="goal_assess"),
    path("evidence/<int:evidence_pk>/preview/", views.evidence_preview, name="evidence_preview"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/accept/", views.reports_accept_batch, name="reports_accept_batch"),
    path("plans/<int:plan_pk>/review-route/", views.review_route, name="review_route"),
    path("co-reports/", views.co_reports, name="co_reports"),
    path("reports/<int:pk>/", views.report_review, name="report_review"),
    path("reports/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("tasks/<int:pk>/", views.task_history, name="task_history"),
    path("leader/", views.leader_home, name="leader_home"),
]
