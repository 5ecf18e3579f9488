-- gold.month_to_date: one row per period x provider, and provider 'ALL' (views daily,
-- previous_classified; parameter :through, a YYYY-MM-DD date or '').
-- The period stands as of :through (bin/cogs run --through), else as of the last day with a cost or a model
-- call in the period. billed_to_date and estimated_to_date sum gold.daily_cost's rows of each status up to
-- that day; projected_month_end is the run rate: (billed + estimated) to date / days elapsed x days in the
-- month (a month whose data reaches its last day projects its own total); previous_month_total is the
-- provider's classified cost of the period before.
with days as (

    select * from daily

),

@include blocks/period_as_of.sql,

to_date_rows as (

    select d.billing_period, d.provider, d.status, d.amount
    from days as d
    join as_of as a on a.billing_period = d.billing_period
    where d.usage_date <= a.as_of_date

),

per_provider as (

    select
        billing_period,
        provider,
        cast(coalesce(sum(case when status = 'billed' then amount end), 0) as decimal(38, 10)) as billed_to_date,
        cast(coalesce(sum(case when status = 'estimated' then amount end), 0) as decimal(38, 10)) as estimated_to_date
    from to_date_rows
    group by billing_period, provider

    union all

    select
        billing_period,
        'ALL',
        cast(coalesce(sum(case when status = 'billed' then amount end), 0) as decimal(38, 10)),
        cast(coalesce(sum(case when status = 'estimated' then amount end), 0) as decimal(38, 10))
    from to_date_rows
    group by billing_period

),

previous as (

    select billing_period, x_Provider as provider, sum(amount) as amount
    from previous_classified
    group by billing_period, x_Provider

    union all

    select billing_period, 'ALL', sum(amount)
    from previous_classified
    group by billing_period

),

final as (

    select
        p.billing_period,
        p.provider,
        a.as_of_date,
        day(a.as_of_date) as days_elapsed,
        a.days_in_month,
        p.billed_to_date,
        p.estimated_to_date,
        -- to date (DECIMAL(38,10)) x days (<= 31) / days (<= 31): cast first, so the product keeps its scale
        cast(round(cast(p.billed_to_date + p.estimated_to_date as decimal(26, 10)) * a.days_in_month / day(a.as_of_date), 10) as decimal(38, 10))
            as projected_month_end,
        cast(prev.amount as decimal(38, 10)) as previous_month_total
    from per_provider as p
    join as_of as a on a.billing_period = p.billing_period
    left join previous as prev
        on prev.billing_period = date_format(add_months(to_date(concat(p.billing_period, '-01')), -1), 'yyyy-MM')
        and prev.provider = p.provider

)

select
    provider, as_of_date, days_elapsed, days_in_month, billed_to_date, estimated_to_date, projected_month_end,
    previous_month_total, billing_period
from final
