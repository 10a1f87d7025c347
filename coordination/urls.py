from django.urls import path

from . import focal_views, views

urlpatterns = [
    path("my/", focal_views.my_home, name="my-home"),
    path("my/requests/<int:request_id>/answer/", focal_views.my_answer, name="my-answer"),
    path("my/requests/<int:request_id>/decline/", focal_views.my_decline, name="my-decline"),
    path("my/attachments/<int:attachment_id>/", focal_views.my_attachment, name="my-attachment"),
    path("my/<str:kind>/<int:item_id>/", views.my_item, name="my-item"),
    path("reminders/mute/<str:token>/", views.mute_reminders, name="reminders-mute"),
    path("calendars/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
