"""The compiled afrapportering, built in the background: 20 clusters take seconds."""

from django_tasks import task


@task(queue_name="documents")
def build_compiled_document(compiled_id: int) -> str:
    from klynge.reports import compiling  # which queues this task: imported when it runs

    built = compiling.build_compiled_document(compiled_id=compiled_id)
    return built.status if built is not None else "superseded"
