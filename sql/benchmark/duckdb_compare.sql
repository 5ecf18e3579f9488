-- duckdb_compare: the DuckDB peer's figures (table `figures`, from duckdb_core.sql) against cogs-lake's, per
-- billing period and customer, to the cent. ${cogs_lake} is the CSV that bin/benchmark writes with
-- `bin/cogs sql --format csv` from sql/benchmark/cogs_lake_figures.sql: billing_period, customer, allocated,
-- cogs (silver.cost_classified) and gold_cogs (gold.customer_economics). A figure matches when both sides
-- round to the same cent; a key on one side only counts as zero on the other.
create table cogs_lake_figures as
select billing_period, customer, cast(allocated as decimal(38, 10)) as allocated, cast(cogs as decimal(38, 10)) as cogs,
       cast(gold_cogs as decimal(38, 10)) as gold_cogs
from read_csv('${cogs_lake}', header = true, all_varchar = true);

create table comparison as
select
    coalesce(d.billing_period, c.billing_period) as billing_period,
    coalesce(d.customer, c.customer) as customer,
    d.allocated as duckdb_allocated, c.allocated as cogs_lake_allocated,
    d.cogs as duckdb_cogs, c.cogs as cogs_lake_cogs, c.gold_cogs as cogs_lake_gold_cogs,
    abs(coalesce(d.allocated, 0) - coalesce(c.allocated, 0)) as allocated_difference,
    abs(coalesce(d.cogs, 0) - coalesce(c.cogs, 0)) as cogs_difference,
    round(coalesce(d.allocated, 0), 2) <> round(coalesce(c.allocated, 0), 2) as allocated_mismatch,
    round(coalesce(d.cogs, 0), 2) <> round(coalesce(c.cogs, 0), 2) as cogs_mismatch,
    round(coalesce(d.cogs, 0), 2) <> round(coalesce(c.gold_cogs, 0), 2) as gold_cogs_mismatch
from figures as d
full outer join cogs_lake_figures as c on c.billing_period = d.billing_period and c.customer = d.customer;

create table comparison_summary as
select count(*) as keys,
       count(*) filter (where allocated_mismatch) as allocated_mismatches,
       count(*) filter (where cogs_mismatch) as cogs_mismatches,
       count(*) filter (where gold_cogs_mismatch) as gold_cogs_mismatches,
       coalesce(max(allocated_difference), 0) as max_allocated_difference,
       coalesce(max(cogs_difference), 0) as max_cogs_difference
from comparison;
