from django.urls import path

from fazhi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("", views.account_list, name="list"),
    path("new/", views.account_create, name="create"),
    path("<int:pk>/<str:action>/", views.account_action, name="action"),
    path("import/", views.account_import, name="import"),
    path("import/template/", views.account_import_template, name="import_template"),
    path("import/confirm/", views.account_import_confirm, name="import_confirm"),
    path("import/credentials/", views.account_credentials_download, name="credentials"),
    path("logins/", views.login_record, name="login_record"),
]
