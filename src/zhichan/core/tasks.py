import logging

from huey.contrib.djhuey import db_task

from zhichan.core import jobs
from zhichan.core.models import Job

logger = logging.getLogger(__name__)


@db_task()
def run_job_task(job_id: int) -> None:
    if not Job.objects.filter(pk=job_id).exists():  # its transaction rolled back, or it was deleted: nothing to do
        logger.warning("job %s no longer exists; its queued task is dropped", job_id)
        return
    jobs.run(job_id)
