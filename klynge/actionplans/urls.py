from django.urls import path

from klynge.actionplans import views

urlpatterns = [
    path("handleplaner/", views.plan_list, name="plan_list"),
    path("klynger/<int:cluster_pk>/handleplaner/ny/", views.plan_form, name="plan_create"),
    path(
        "klynger/<int:cluster_pk>/handleplaner/<int:pk>/rediger/", views.plan_form, name="plan_edit"
    ),
    path("klynger/<int:cluster_pk>/temaer/nyt/", views.theme_create, name="theme_create"),
    path("handleplaner/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("handleplaner/<int:pk>/oversigt.<str:fmt>", views.plan_export, name="plan_export"),
    path("handleplaner/<int:pk>/status/ny/", views.cycle_start, name="cycle_start"),
    path("handleplaner/<int:pk>/vedtagelse/", views.plan_adopt, name="plan_adopt"),
    path("indsatser/<int:pk>/konkretisering/", views.initiative_return, name="initiative_return"),
    path(
        "handleplaner/<int:plan_pk>/indsatser/ny/", views.initiative_form, name="initiative_create"
    ),
    path(
        "handleplaner/<int:plan_pk>/indsatser/<int:pk>/rediger/",
        views.initiative_form,
        name="initiative_edit",
    ),
    path("indsatser/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path(
        "indsatser/<int:pk>/ordrebekraeftelse/",
        views.confirmation_submit,
        name="confirmation_submit",
    ),
    path("statusrunder/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("status/<int:pk>/", views.status_report, name="status_report"),
    path("moeder/<int:pk>/handleplan/", views.meeting_cases, name="meeting_cases"),
    path("sager/<int:pk>/beslutning/", views.case_decision, name="case_decision"),
]
