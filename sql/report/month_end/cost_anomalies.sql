-- month_end/cost_anomalies: :period's anomalous days (gold.cost_anomalies), the largest excess first.
-- Grain: one row per day x dimension x value.
select usage_date, dimension, value, expected, actual, cast(actual - expected as decimal(38, 10)) as excess
from gold.cost_anomalies
where billing_period = :period
order by actual - expected desc, usage_date, dimension, value
limit 50
