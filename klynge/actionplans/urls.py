from django.urls import path

from klynge.actionplans import views

urlpatterns = [
    path("handleplaner/", views.plan_list, name="plan_list"),
    path("klynger/<id:cluster_pk>/handleplaner/ny/", views.plan_form, name="plan_create"),
    path(
        "klynger/<id:cluster_pk>/handleplaner/<id:pk>/rediger/", views.plan_form, name="plan_edit"
    ),
    path("klynger/<id:cluster_pk>/temaer/nyt/", views.theme_create, name="theme_create"),
    path("temaer/<id:pk>/rediger/", views.theme_edit, name="theme_edit"),
    path("temaer/<id:pk>/flyt/", views.theme_move, name="theme_move"),
    path("handleplaner/<id:pk>/", views.plan_detail, name="plan_detail"),
    path("handleplaner/<id:pk>/oversigt.<str:fmt>", views.plan_export, name="plan_export"),
    path("handleplaner/<id:pk>/status/ny/", views.cycle_start, name="cycle_start"),
    path("handleplaner/<id:pk>/vedtagelse/", views.plan_adopt, name="plan_adopt"),
    path("indsatser/<id:pk>/konkretisering/", views.initiative_return, name="initiative_return"),
    path(
        "handleplaner/<id:plan_pk>/indsatser/ny/", views.initiative_form, name="initiative_create"
    ),
    path(
        "handleplaner/<id:plan_pk>/indsatser/<id:pk>/rediger/",
        views.initiative_form,
        name="initiative_edit",
    ),
    path("indsatser/<id:pk>/", views.initiative_detail, name="initiative_detail"),
    path(
        "indsatser/<id:pk>/ordrebekraeftelse/",
        views.confirmation_submit,
        name="confirmation_submit",
    ),
    path("statusrunder/<id:pk>/", views.cycle_detail, name="cycle_detail"),
    path("status/<id:pk>/", views.status_report, name="status_report"),
    path("moeder/<id:pk>/handleplan/", views.meeting_cases, name="meeting_cases"),
    path("sager/<id:pk>/beslutning/", views.case_decision, name="case_decision"),
]
