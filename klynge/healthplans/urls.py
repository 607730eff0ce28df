from django.urls import path

from klynge.healthplans import approval_views, hearing_views, views

# --- plan-core: plans, sections, goals, versions -------------------------------------------
urlpatterns = [
    path(
        "klynger/<id:cluster_pk>/naersundhedsplaner/",
        views.plan_list,
        name="health_plan_list",
    ),
    path(
        "klynger/<id:cluster_pk>/naersundhedsplaner/ny/",
        views.plan_create,
        name="health_plan_create",
    ),
    path("naersundhedsplaner/<id:pk>/", views.plan_detail, name="health_plan_detail"),
    path("naersundhedsplaner/<id:pk>/rediger/", views.plan_edit, name="health_plan_edit"),
    path(
        "naersundhedsplaner/<id:pk>/afsnit/nyt/",
        views.section_create,
        name="plan_section_create",
    ),
    path(
        "naersundhedsplaner/afsnit/<id:pk>/rediger/",
        views.section_edit,
        name="plan_section_edit",
    ),
    path("naersundhedsplaner/afsnit/<id:pk>/flyt/", views.section_move, name="plan_section_move"),
    path(
        "naersundhedsplaner/afsnit/<id:pk>/slet/",
        views.section_delete,
        name="plan_section_delete",
    ),
    path("naersundhedsplaner/afsnit/<id:pk>/maal/nyt/", views.goal_create, name="plan_goal_create"),
    path("naersundhedsplaner/maal/<id:pk>/rediger/", views.goal_edit, name="plan_goal_edit"),
    path("naersundhedsplaner/maal/<id:pk>/slet/", views.goal_delete, name="plan_goal_delete"),
    path("naersundhedsplaner/<id:pk>/versioner/", views.version_list, name="plan_version_list"),
    path(
        "naersundhedsplaner/<id:pk>/versioner/ny/",
        views.version_create,
        name="plan_version_create",
    ),
    path(
        "naersundhedsplaner/versioner/<id:pk>/",
        views.version_detail,
        name="plan_version_detail",
    ),
    path(
        "naersundhedsplaner/<id:pk>/sammenlign/",
        views.plan_compare,
        name="health_plan_compare",
    ),
]

# --- approval helper: approval, publication, follow-up --------------------------------------
urlpatterns += [
    path(
        "naersundhedsplaner/<id:pk>/indstil/",
        approval_views.plan_recommend,
        name="health_plan_recommend",
    ),
    path(
        "naersundhedsplaner/<id:pk>/godkendende-organer/",
        approval_views.plan_approvers,
        name="health_plan_approvers",
    ),
    path(
        "naersundhedsplaner/<id:pk>/tilbage-til-kladde/",
        approval_views.plan_return_to_draft,
        name="health_plan_return_to_draft",
    ),
    path(
        "naersundhedsplaner/<id:pk>/offentliggoer/",
        approval_views.plan_publish,
        name="health_plan_publish",
    ),
    path("naersundhedsplaner/maal/<id:pk>/status/", approval_views.goal_status, name="goal_status"),
    path(
        "naersundhedsplaner/<id:pk>/opfoelgning/<int:year>/",
        approval_views.plan_followup,
        name="health_plan_followup",
    ),
    path(
        "naersundhedsplaner/<id:pk>/opfoelgning/<int:year>.<str:fmt>",
        approval_views.plan_followup_document,
        name="health_plan_followup_document",
    ),
    path(
        "offentlig/naersundhedsplaner/<id:pk>/",
        approval_views.public_plan,
        name="public_health_plan",
    ),
    path(
        "offentlig/naersundhedsplaner/<id:pk>/plan.pdf",
        approval_views.public_plan_pdf,
        name="public_health_plan_pdf",
    ),
]

# --- hearing: the høring, its answers, the høringsnotat; the party's personal link ---------
urlpatterns += [
    path(
        "naersundhedsplaner/<id:pk>/hoering/ny/",
        hearing_views.hearing_start,
        name="hearing_start",
    ),
    path("hoeringer/<id:pk>/", hearing_views.hearing_detail, name="hearing_detail"),
    path(
        "hoeringer/<id:pk>/parter/ny/",
        hearing_views.hearing_party_add,
        name="hearing_party_add",
    ),
    path(
        "hoeringer/parter/<id:pk>/nyt-link/",
        hearing_views.hearing_resend,
        name="hearing_resend",
    ),
    path(
        "hoeringer/parter/<id:pk>/svar/",
        hearing_views.hearing_answer_record,
        name="hearing_answer_record",
    ),
    path(
        "hoeringer/svar/<id:pk>/",
        hearing_views.hearing_answer_assess,
        name="hearing_answer_assess",
    ),
    path(
        "hoeringer/svar/<id:pk>/fil/",
        hearing_views.hearing_answer_file,
        name="hearing_answer_file",
    ),
    path("hoeringer/<id:pk>/notat/", hearing_views.hearing_notat, name="hearing_notat"),
    path(
        "hoeringer/<id:pk>/hoeringsnotat.<str:fmt>",
        hearing_views.hearing_notat_document,
        name="hearing_notat_document",
    ),
    path(
        "hoeringer/<id:pk>/notat/dagsorden/",
        hearing_views.hearing_notat_agenda,
        name="hearing_notat_agenda",
    ),
    # The token is posted, never in the address (`links.py`); the old form only says so.
    path("hoering/", hearing_views.hearing_link, name="hearing_link"),
    path("hoering/<str:token>/", hearing_views.hearing_old_link, name="hearing_old_link"),
]
