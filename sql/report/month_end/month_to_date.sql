-- month_end/month_to_date: where :period stands (gold.month_to_date): per provider and ALL, billed and
-- estimated to date, the run-rate projection and the month before. Grain: one row per provider.
select
    provider,
    as_of_date,
    billed_to_date,
    estimated_to_date,
    projected_month_end,
    previous_month_total
from gold.month_to_date
where billing_period = :period
order by case when provider = 'ALL' then 1 else 0 end, provider
