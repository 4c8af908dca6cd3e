from django.urls import path

from fazhi.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("export/", views.directory_export_view, name="export"),
    path("import/", views.directory_import_view, name="import"),
    path("units/new/", views.unit_create_view, name="unit_create"),
    path("units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/activation/", views.unit_activation, name="unit_activation"),
    path("units/<int:pk>/merge/", views.unit_merge_view, name="unit_merge"),
    path("groups/new/", views.group_create_view, name="group_create"),
    path("groups/<int:pk>/", views.group_edit, name="group_edit"),
]
