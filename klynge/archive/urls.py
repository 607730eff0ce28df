from django.urls import path

from klynge.archive import views

urlpatterns = [
    path("arkiv/", views.archive_list, name="archive_list"),
    path("arkiv/<id:pk>/", views.archive_document, name="archive_document"),
    path("arkiv/<id:pk>/fortryd/", views.archive_undo, name="archive_undo"),
    path("arkiv/<id:pk>/laes-igen/", views.archive_retry, name="archive_retry"),
    path("arkiv/<id:pk>/marker-punkter/", views.archive_mark, name="archive_mark"),
    path("arkiv/<id:pk>/original/", views.archive_original, name="archive_original"),
    path("arkiv/<id:pk>/side/<int:page>.png", views.archive_page, name="archive_page"),
    path("arkiv/organer/<id:pk>/flyt/", views.archive_body_move, name="archive_body_move"),
    path("moeder/<id:pk>/originaldokument/", views.meeting_source, name="meeting_source"),
]
