from django.urls import path

from fazhi.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("todo/", views.todo, name="todo"),
    path("settings/", views.settings_index, name="settings"),
    path("notices/<int:pk>/read/", views.notice_read, name="notice_read"),
]
