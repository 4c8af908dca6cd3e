from django.urls import path

from fazhi.notify import views

app_name = "notify"
urlpatterns = [
    path("channels/", views.channels, name="channels"),
    path("channels/units/<int:unit_pk>/", views.unit_channels, name="unit_channels"),
    path("channels/<int:pk>/test/", views.channel_test, name="channel_test"),
    path("channels/<int:pk>/edit/", views.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/<slug:action>/", views.channel_action, name="channel_action"),
    path("site/", views.site, name="site"),
]
