-- anomalies_summary: the days `bin/cogs demo` flags (gold.cost_anomalies), the largest excess over the
-- trailing median first, at most 10. Grain: one row per day x dimension x value.
select
    usage_date,
    dimension,
    value,
    cast(round(expected, 2) as decimal(20, 2)) as expected,
    cast(round(actual, 2) as decimal(20, 2)) as actual,
    billing_period
from gold.cost_anomalies
order by actual - expected desc, usage_date, dimension, value
limit 10
