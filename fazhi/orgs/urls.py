from django.urls import path

from fazhi.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("export/", views.directory_export_view, name="export"),
    path("import/", views.directory_import_view, name="import"),
    path("units/new/", views.unit_create_view, name="unit_create"),
    path("groups/new/", views.group_create_view, name="group_create"),
    path("groups/<int:pk>/", views.group_edit, name="group_edit"),
]
