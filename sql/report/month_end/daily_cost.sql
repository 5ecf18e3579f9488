-- month_end/daily_cost: :period's cost per day (gold.daily_cost), billed and estimated, for the chart.
-- Grain: one row per day x status.
select usage_date, status, cast(sum(amount) as decimal(38, 10)) as amount
from gold.daily_cost
where billing_period = :period
group by usage_date, status
order by usage_date, status
