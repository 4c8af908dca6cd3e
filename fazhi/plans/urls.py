from django.urls import path

from fazhi.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("<int:pk>/", views.plan_ledger, name="plan_ledger"),
    path("mine/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("leaders/", views.leaders, name="leaders"),
    path("<int:pk>/leaders/", views.plan_leaders, name="plan_leaders"),
    path("upload/", views.upload, name="upload"),
    path("upload/<int:pk>/", views.preview, name="preview"),
    path("upload/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("upload/<int:pk>/tasks/<int:seq>/review/", views.review_task, name="preview_task_review"),
    path("<int:pk>/ledger/import/", views.ledger_import, name="ledger_import"),
    path("<int:pk>/ledger/import/<int:draft_pk>/", views.ledger_import_draft, name="ledger_import_draft"),
    path("<int:pk>/ledger/import/<int:draft_pk>/apply/", views.ledger_import_apply, name="ledger_import_apply"),
    # Plan maintenance (依法治县办) and the revision record.
    path("<int:pk>/tasks/add/", views.task_add_view, name="task_add"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/remove/", views.task_remove, name="task_remove"),
    path("tasks/<int:pk>/split/", views.task_split_view, name="task_split"),
    path("tasks/<int:pk>/merge/", views.task_merge_view, name="task_merge"),
    path("<int:pk>/manage/", views.plan_manage, name="plan_manage"),
    path("<int:pk>/delete/", views.plan_delete_view, name="plan_delete"),
    path("<int:pk>/revisions/", views.revision_list, name="revisions"),
    path("<int:pk>/revisions/<int:number>/", views.revision_detail, name="revision_detail"),
]
