from django.urls import path

from klynge.healthplans import views

# --- plan-core: plans, sections, goals, versions -------------------------------------------
urlpatterns = [
    path("naersundhedsplaner/<id:pk>/", views.plan_detail, name="health_plan_detail"),
    path(
        "naersundhedsplaner/versioner/<id:pk>/",
        views.version_detail,
        name="plan_version_detail",
    ),
]
