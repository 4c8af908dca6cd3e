from django.urls import path

from fazhi.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("export/", views.event_export, name="export"),
]
