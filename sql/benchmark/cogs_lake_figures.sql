-- cogs_lake_figures: cogs-lake's figures per billing period and customer that bin/benchmark compares with the
-- DuckDB peer (sql/benchmark/duckdb_compare.sql): allocated = silver.cost_allocated summed ('unallocated'
-- included, nothing excluded), cogs = silver.cost_classified rows with pnl_category COGS, gold_cogs =
-- gold.customer_economics.cogs. Run with `bin/cogs sql --format csv` (comment lines are dropped first).
with allocated as (
    select billing_period, customer, sum(amount) as allocated from silver.cost_allocated group by billing_period, customer
),
cogs as (
    select billing_period, customer, sum(amount) as cogs from silver.cost_classified where pnl_category = 'COGS'
    group by billing_period, customer
),
gold as (
    select billing_period, customer, cogs as gold_cogs from gold.customer_economics
),
keys as (
    select billing_period, customer from allocated
    union select billing_period, customer from cogs
    union select billing_period, customer from gold
)
select
    k.billing_period,
    k.customer,
    cast(coalesce(a.allocated, 0) as decimal(38, 10)) as allocated,
    cast(coalesce(c.cogs, 0) as decimal(38, 10)) as cogs,
    cast(coalesce(g.gold_cogs, 0) as decimal(38, 10)) as gold_cogs
from keys as k
left join allocated as a on a.billing_period = k.billing_period and a.customer = k.customer
left join cogs as c on c.billing_period = k.billing_period and c.customer = k.customer
left join gold as g on g.billing_period = k.billing_period and g.customer = k.customer
order by k.billing_period, k.customer
