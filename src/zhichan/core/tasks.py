from huey.contrib.djhuey import db_task

from zhichan.core import jobs


@db_task()
def run_job_task(job_id: int) -> None:
    jobs.run(job_id)
