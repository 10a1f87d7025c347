from django.urls import path

from . import views

urlpatterns = [
    path("my/<str:kind>/<int:item_id>/", views.my_item, name="my-item"),
    path("reminders/mute/<str:token>/", views.mute_reminders, name="reminders-mute"),
    path("calendars/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
