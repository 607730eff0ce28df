from django.urls import path

from klynge.meetings import views

urlpatterns = [
    path("organer/<int:body_pk>/moeder/nyt/", views.meeting_create, name="meeting_create"),
    path("moeder/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("moeder/<int:pk>/rediger/", views.meeting_edit, name="meeting_edit"),
    path("moeder/<int:pk>/status/", views.meeting_status, name="meeting_status"),
    path("moeder/<int:pk>/punkter/nyt/", views.item_add, name="item_add"),
    path("moeder/<int:pk>/afbud/", views.absence, name="absence"),
    path("moeder/<int:pk>/deltagere/ny/", views.participant_add, name="participant_add"),
    path("moeder/<int:pk>/godkend/", views.minutes_approve, name="minutes_approve"),
    path(
        "moeder/<int:pk>/<str:kind>.<str:fmt>",
        views.meeting_document,
        name="meeting_document",
    ),
    path("punkter/<int:pk>/", views.item_detail, name="item_detail"),
    path("punkter/<int:pk>/rediger/", views.item_edit, name="item_edit"),
    path("punkter/<int:pk>/flyt/", views.item_move, name="item_move"),
    path("punkter/<int:pk>/slet/", views.item_delete, name="item_delete"),
    path("punkter/<int:pk>/beslutning/", views.decision_edit, name="decision_edit"),
    path("punkter/<int:pk>/bilag/nyt/", views.attachment_upload, name="attachment_upload"),
    path("bilag/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("bilag/<int:pk>/slet/", views.attachment_delete, name="attachment_delete"),
    path("deltagelse/<int:pk>/", views.attendance_edit, name="attendance_edit"),
    path("offentlig/", views.public_meeting_list, name="public_meeting_list"),
    path("offentlig/moeder/<int:pk>/", views.public_meeting_detail, name="public_meeting_detail"),
    path(
        "offentlig/moeder/<int:pk>/<str:kind>.pdf",
        views.public_meeting_document,
        name="public_meeting_document",
    ),
    path("offentlig/bilag/<int:pk>/", views.public_attachment, name="public_attachment"),
]
