from django.contrib import admin

from klynge.budgets.models import Allocation, CoFinancing, Frame, Spending, SpendingImport
from klynge.core.admin import ReadOnlyAdmin


@admin.register(Frame)
class FrameAdmin(ReadOnlyAdmin):
    list_display = ["cluster", "year", "amount"]
    list_filter = ["year"]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["cluster", "year", "initiative", "amount", "decision_item"]
    list_filter = ["year"]
    list_select_related = ["cluster", "initiative", "decision_item"]


@admin.register(CoFinancing)
class CoFinancingAdmin(ReadOnlyAdmin):
    list_display = ["cluster", "year", "payer", "recipient", "service", "share_percent", "amount"]
    list_filter = ["year"]
    list_select_related = ["cluster", "payer", "recipient"]


@admin.register(Spending)
class SpendingAdmin(ReadOnlyAdmin):
    list_display = ["cluster", "year", "quarter", "initiative", "amount", "source"]
    list_filter = ["year", "quarter", "source"]
    list_select_related = ["cluster", "initiative"]


@admin.register(SpendingImport)
class SpendingImportAdmin(ReadOnlyAdmin):
    list_display = ["cluster", "original_name", "rows", "imported_at", "imported_by"]
    list_select_related = ["cluster", "imported_by"]
