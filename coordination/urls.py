from django.urls import path

from . import action_views, focal_views, settings_views, views

urlpatterns = [
    path("my/", focal_views.my_home, name="my-home"),
    path("my/requests/<int:request_id>/answer/", focal_views.my_answer, name="my-answer"),
    path("my/requests/<int:request_id>/decline/", focal_views.my_decline, name="my-decline"),
    path("my/attachments/<int:attachment_id>/", focal_views.my_attachment, name="my-attachment"),
    path("my/actions/<int:action_id>/progress/", action_views.my_action_progress, name="my-action-progress"),
    path(
        "my/actions/<int:action_id>/request-done/", action_views.my_action_request_done, name="my-action-request-done"
    ),
    path("my/updates/<int:update_id>/", focal_views.my_update, name="my-update"),
    path("my/settings/", settings_views.my_settings, name="my-settings"),
    path("my/settings/calendars/", settings_views.my_calendar_create, name="my-calendars"),
    path("my/settings/calendars/<int:feed_id>/revoke/", settings_views.my_calendar_revoke, name="my-calendar-revoke"),
    path("my/settings/data.json", settings_views.my_data, name="my-data"),
    path("my/<str:kind>/<int:item_id>/", views.my_item, name="my-item"),
    path("reminders/mute/<str:token>/", views.mute_reminders, name="reminders-mute"),
    path("calendars/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
