from django.contrib import admin

from klynge.core.admin import ReadOnlyAdmin
from klynge.votes.models import Inhabilitet, Statement, Vote


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ["subject", "item", "result", "votes_for", "votes_against", "abstentions"]
    list_select_related = ["item"]


@admin.register(Inhabilitet)
class InhabilitetAdmin(ReadOnlyAdmin):
    list_display = ["person", "item"]
    list_select_related = ["person", "item"]
    exclude = ["reason"]


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ["kind", "item", "group"]
    list_select_related = ["item"]
