from django.contrib import admin

from klynge.core.admin import ReadOnlyAdmin
from klynge.organisations.models import Body, Cluster, Membership, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


@admin.register(Cluster)
class ClusterAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "region", "valid_from", "valid_to", "successor"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


@admin.register(Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ["name", "cluster", "level", "parent", "is_active"]
    list_filter = ["level", "cluster"]
    search_fields = ["name", "cluster__name"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "email", "user"]
    search_fields = ["name", "email"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["person", "body", "organisation", "role", "start_date", "end_date"]
    list_filter = ["role", "body__cluster"]
    search_fields = ["person__name", "body__name"]
    list_select_related = ["person", "body__cluster", "organisation"]
