from django.urls import path

from klynge.meetings import council_views, views

urlpatterns = [
    path("organer/<id:pk>/", views.body_detail, name="body_detail"),
    path("organer/<id:pk>/kalender.ics", views.body_calendar, name="body_calendar"),
    path("organer/<id:body_pk>/moeder/nyt/", views.meeting_create, name="meeting_create"),
    path("moeder/<id:pk>/", views.meeting_detail, name="meeting_detail"),
    path("moeder/<id:pk>/rediger/", views.meeting_edit, name="meeting_edit"),
    path("moeder/<id:pk>/status/", views.meeting_status, name="meeting_status"),
    path("moeder/<id:pk>/punkter/nyt/", views.item_add, name="item_add"),
    path("moeder/<id:pk>/afbud/", views.absence, name="absence"),
    path("moeder/<id:pk>/deltagere/ny/", views.participant_add, name="participant_add"),
    path("moeder/<id:pk>/fremmoede/", views.roll_call, name="roll_call"),
    path("moeder/<id:pk>/godkend/", views.minutes_approve, name="minutes_approve"),
    path("moeder/<id:pk>/send-tilbage/", views.minutes_return, name="minutes_return"),
    path("moeder/<id:pk>/udsend/<str:what>/", views.meeting_send, name="meeting_send"),
    path("moeder/<id:pk>/gennemlaesning/", council_views.review_start, name="review_start"),
    path(
        "punkter/<id:pk>/kommentarer/ny/",
        council_views.review_comment_add,
        name="review_comment_add",
    ),
    path(
        "kommentarer/<id:pk>/behandlet/",
        council_views.review_comment_handle,
        name="review_comment_handle",
    ),
    path(
        "moeder/<id:pk>/<str:kind>.<str:fmt>",
        views.meeting_document,
        name="meeting_document",
    ),
    path("punkter/<id:pk>/", views.item_detail, name="item_detail"),
    path("punkter/<id:pk>/rediger/", views.item_edit, name="item_edit"),
    path("punkter/<id:pk>/flyt/", views.item_move, name="item_move"),
    path("punkter/<id:pk>/slet/", views.item_delete, name="item_delete"),
    path("punkter/<id:pk>/beslutning/", views.decision_edit, name="decision_edit"),
    path("punkter/<id:pk>/bilag/nyt/", views.attachment_upload, name="attachment_upload"),
    path("bilag/<id:pk>/", views.attachment_download, name="attachment_download"),
    path("bilag/<id:pk>/slet/", views.attachment_delete, name="attachment_delete"),
    path("deltagelse/<id:pk>/", views.attendance_edit, name="attendance_edit"),
    path("offentlig/", views.public_meeting_list, name="public_meeting_list"),
    path("offentlig/moeder/<id:pk>/", views.public_meeting_detail, name="public_meeting_detail"),
    path(
        "offentlig/moeder/<id:pk>/<str:kind>.pdf",
        views.public_meeting_document,
        name="public_meeting_document",
    ),
    path("offentlig/bilag/<id:pk>/", views.public_attachment, name="public_attachment"),
    path(
        "offentlig/organer/<id:pk>/sagsliste/",
        council_views.public_case_list,
        name="public_case_list",
    ),
]
