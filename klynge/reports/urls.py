from django.urls import path

from klynge.reports import views

urlpatterns = [
    path("afrapporteringer/", views.report_list, name="report_list"),
    path("afrapporteringer/ny/", views.report_create, name="report_create"),
    path("afrapporteringer/<id:pk>/", views.report_detail, name="report_detail"),
    path(
        "afrapporteringer/<id:pk>/samlet.<str:fmt>",
        views.report_document,
        name="report_document",
    ),
    path(
        "afrapporteringer/<id:pk>/samlet/<str:fmt>/status/",
        views.report_document_state,
        name="report_document_state",
    ),
    path(
        "afrapporteringer/<id:pk>/samlet/<str:fmt>/igen/",
        views.report_document_retry,
        name="report_document_retry",
    ),
    path("afrapporteringer/<id:pk>/dagsorden/", views.report_agenda, name="report_agenda"),
    path("afrapporteringer/dele/<id:pk>/", views.report_part, name="report_part"),
    path(
        "afrapporteringer/dele/<id:pk>/genaabn/",
        views.report_part_reopen,
        name="report_part_reopen",
    ),
]
