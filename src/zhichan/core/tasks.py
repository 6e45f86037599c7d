import logging

from django.db import close_old_connections, connection
from huey.contrib.djhuey import db_task, on_startup

from zhichan.core import jobs
from zhichan.core.models import Job

logger = logging.getLogger(__name__)


@db_task()
def run_job_task(job_id: int) -> None:
    if not Job.objects.filter(pk=job_id).exists():  # its transaction rolled back, or it was deleted: nothing to do
        logger.warning("job %s no longer exists; its queued task is dropped", job_id)
        return
    jobs.run(job_id)


@on_startup("zhichan.recover_interrupted_jobs")
def recover_interrupted_jobs() -> None:
    """When a worker starts (`zhichan worker`, `zhichan serve`): jobs whose worker died are marked interrupted, so
    that they stop showing 进行中 and can be resumed. Each worker thread runs this; it is idempotent."""
    from zhichan.core import recovery

    try:
        for job in recovery.recover():
            logger.warning("job %s (%s) was interrupted: %s", job.pk, job.title, job.message)
    finally:
        if not connection.in_atomic_block:  # the worker thread's connection, as huey's db_task closes it
            close_old_connections()
