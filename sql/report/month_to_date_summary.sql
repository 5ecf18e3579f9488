-- month_to_date_summary: the open month so far, as `bin/cogs demo` prints it: gold.month_to_date of the
-- last period, rounded to cents. Grain: one row per provider (and ALL).
select
    provider,
    as_of_date,
    cast(round(billed_to_date, 2) as decimal(20, 2)) as billed_to_date,
    cast(round(estimated_to_date, 2) as decimal(20, 2)) as estimated_to_date,
    cast(round(projected_month_end, 2) as decimal(20, 2)) as projected_month_end,
    cast(round(previous_month_total, 2) as decimal(20, 2)) as previous_month_total,
    billing_period
from gold.month_to_date
where billing_period = (select max(billing_period) from gold.month_to_date)
order by case when provider = 'ALL' then 1 else 0 end, provider
