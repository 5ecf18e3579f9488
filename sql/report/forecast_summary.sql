-- forecast_summary: budget against actual, as `bin/cogs demo` prints it and the month-end pack shows it:
-- gold.forecast_vs_actual rounded to cents, each budget line named by what it covers ('company total' for a
-- line that names nothing). The open month adds its run-rate projection. Grain: period x budget line.
with lines as (

    select *, concat_ws(' / ', provider, product, feature, team, pnl_category) as named from gold.forecast_vs_actual

)

select
    case when named = '' then 'company total' else named end as budget_line,
    cast(round(budget, 2) as decimal(20, 2)) as budget,
    cast(round(actual, 2) as decimal(20, 2)) as actual,
    cast(round(variance, 2) as decimal(20, 2)) as variance,
    cast(round(variance_pct, 1) as decimal(10, 1)) as variance_pct,
    cast(round(projected_month_end, 2) as decimal(20, 2)) as projected_month_end,
    cast(round(projected_variance_pct, 1) as decimal(10, 1)) as projected_variance_pct,
    billing_period
from lines
order by billing_period, case when named = '' then 1 else 0 end, named
