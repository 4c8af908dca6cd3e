from django.urls import path

from fazhi.workcal import views

app_name = "workcal"
urlpatterns = [
    path("", views.calendar_years, name="years"),
    path("<int:year>/", views.calendar_year, name="year"),
]
