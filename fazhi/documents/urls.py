from django.urls import path

from fazhi.documents import views

app_name = "documents"
urlpatterns = [
    path("plans/<int:pk>/ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
]
