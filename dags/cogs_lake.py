"""cogs-lake in Airflow: one DAG run per billing period, one task per stage (`cogs_lake`), and a daily
run of the open month so far (`cogs_lake_daily`).

The run for a month is scheduled once the month is over; its billing period is the run's data interval
(`data_interval_start`, e.g. 2025-03 for the interval 2025-03-01 .. 2025-04-01). Every stage replaces
exactly that period's output in one Delta commit (and `publish` replaces it in the warehouse in one
transaction), so a retried task or a re-run of an old month is safe, and several periods can run at
once (catchup / `airflow dags backfill`): writes of different periods do not conflict.

Airflow Variables (optional):
  cogs_launcher  how to start the job; default the repository's launcher. For a cluster, e.g.
                 "spark-submit --master yarn --deploy-mode cluster --class io.cogslake.cli.CogsCli
                  --packages io.delta:delta-spark_2.12:3.3.2 /opt/cogs-lake/cogs-lake-cluster.jar"
  cogs_conf      the configuration file (with publish.* for the warehouse)
  cogs_reports   the folder the month-end packs are written to (one subfolder per period)

The daily DAG runs every stage for the month of the day just ended (`run --through DAY`: gold.daily_cost,
gold.month_to_date as of that day, gold.cost_anomalies) and publishes it; it does not catch up (yesterday
is enough: each run rebuilds the month so far). The monthly DAG's run of the month replaces the same
tables once the month is over, and `close` locks it.

Every task's command line is checked against the launcher by the test suite (DagCommandsTest).
"""

from datetime import timedelta

import pendulum
from airflow import DAG
from airflow.models.baseoperator import chain
from airflow.operators.bash import BashOperator

COGS = "{{ var.value.get('cogs_launcher', '/opt/cogs-lake/bin/cogs') }}"
CONF = "{{ var.value.get('cogs_conf', '/opt/cogs-lake/conf/example-cluster.yaml') }}"
REPORTS = "{{ var.value.get('cogs_reports', '/opt/cogs-lake/reports') }}"
PERIOD = "{{ data_interval_start.strftime('%Y-%m') }}"
DAY = "{{ data_interval_start.strftime('%Y-%m-%d') }}"

default_args = {
    "owner": "finops",
    "retries": 3,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=1),
    # Periods are independent: a month does not wait for the previous month's run.
    "depends_on_past": False,
    "execution_timeout": timedelta(hours=6),
}

# what the two DAGs share
common = dict(start_date=pendulum.datetime(2025, 1, 1, tz="UTC"), default_args=default_args, tags=["cogs-lake", "finops"])

with DAG(
    dag_id="cogs_lake",
    description="AI COGS and gross margin per billing period: ingest, normalize, allocate, classify, gold, simulate, publish",
    schedule="@monthly",
    catchup=True,
    # Several billing periods at once when catching up or backfilling.
    max_active_runs=3,
    **common,
) as dag:
    ingest = BashOperator(task_id="ingest", bash_command=f"{COGS} ingest --conf {CONF} --period {PERIOD}")
    normalize = BashOperator(task_id="normalize", bash_command=f"{COGS} normalize --conf {CONF} --period {PERIOD}")
    allocate = BashOperator(task_id="allocate", bash_command=f"{COGS} allocate --conf {CONF} --period {PERIOD}")
    classify = BashOperator(task_id="classify", bash_command=f"{COGS} classify --conf {CONF} --period {PERIOD}")
    gold = BashOperator(task_id="gold", bash_command=f"{COGS} gold --conf {CONF} --period {PERIOD}")
    # the what-ifs of `simulations` (gold.simulation); nothing to do when none are configured
    simulate = BashOperator(task_id="simulate", bash_command=f"{COGS} simulate --conf {CONF} --period {PERIOD}")
    publish = BashOperator(task_id="publish", bash_command=f"{COGS} publish --conf {CONF} --period {PERIOD}")
    report = BashOperator(
        task_id="report",
        bash_command=f"{COGS} report --conf {CONF} --period {PERIOD} --out {REPORTS}/{PERIOD}",
    )

    chain(ingest, normalize, allocate, classify, gold, [simulate, publish, report])

with DAG(
    dag_id="cogs_lake_daily",
    description="The open month so far, each day: daily cost, month to date, anomalies",
    schedule="@daily",
    catchup=False,
    max_active_runs=1,
    **common,
) as daily:
    run_through = BashOperator(task_id="run", bash_command=f"{COGS} run --conf {CONF} --through {DAY}")
    publish_month = BashOperator(task_id="publish", bash_command=f"{COGS} publish --conf {CONF} --period {PERIOD}")

    chain(run_through, publish_month)
