from django.urls import path

from klynge.outcomes import views

urlpatterns = [
    path("indsatser/<id:pk>/rapport/", views.initiative_report, name="initiative_report"),
    path(
        "indsatser/<id:pk>/rapport.<str:fmt>",
        views.initiative_report_document,
        name="initiative_report_document",
    ),
    path(
        "indsatser/<id:pk>/evaluering/<int:months>/",
        views.evaluation_note,
        name="evaluation_note",
    ),
    path("indsatser/<id:pk>/leverancer/", views.deliverables, name="deliverables"),
    path(
        "indsatser/<id:pk>/indikatorer/ny/",
        views.indicator_create_initiative,
        name="indicator_create_initiative",
    ),
    path(
        "temaer/<id:pk>/indikatorer/ny/",
        views.indicator_create_theme,
        name="indicator_create_theme",
    ),
    path(
        "klynger/<id:pk>/indikatorer/ny/",
        views.indicator_create_cluster,
        name="indicator_create_cluster",
    ),
    path("indikatorer/<id:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indikatorer/<id:pk>/rediger/", views.indicator_edit, name="indicator_edit"),
    path("indikatorer/<id:pk>/slet/", views.indicator_delete, name="indicator_delete"),
    path("indikatorer/<id:pk>/import/", views.measurement_import, name="measurement_import"),
    path(
        "indikatorer/<id:pk>/import/bekraeft/",
        views.measurement_import_confirm,
        name="measurement_import_confirm",
    ),
    path("maalinger/<id:pk>/slet/", views.measurement_delete, name="measurement_delete"),
    path("temaer/<id:pk>/", views.theme_outcomes, name="theme_outcomes"),
    path("klynger/<id:pk>/resultater/", views.cluster_outcomes, name="cluster_outcomes"),
    path("temaer/<id:pk>/datapakker/ny/", views.data_package_create, name="data_package_create"),
    path("datapakker/<id:pk>/", views.data_package_detail, name="data_package_detail"),
    path("datapakker/<id:pk>/fil", views.data_package_file, name="data_package_file"),
    path("datapakker/<id:pk>/slet/", views.data_package_delete, name="data_package_delete"),
]
