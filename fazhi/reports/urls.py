from django.urls import path

from fazhi.reports import views

app_name = "reports"
urlpatterns = [
    path("plans/<int:pk>/ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
    path("plans/<int:pk>/ledger/import/", views.ledger_import, name="ledger_import"),
    path("plans/<int:pk>/ledger/import/<int:draft_pk>/", views.ledger_import_draft, name="ledger_import_draft"),
    path("plans/<int:pk>/ledger/import/<int:draft_pk>/apply/", views.ledger_import_apply,
         name="ledger_import_apply"),
]
