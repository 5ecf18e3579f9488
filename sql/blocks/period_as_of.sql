-- Block period_as_of (included by gold.month_to_date and gold.forecast_vs_actual; parameter :through, a
-- YYYY-MM-DD date or ''): per period of the including file's CTE days (gold.daily_cost rows), the day the
-- period stands as of — :through (bin/cogs run --through), at most the month's last day, else the period's
-- last day with a cost or a model call — and the days of its month.
as_of as (

    select
        billing_period,
        case
            when nullif(:through, '') is null then max(usage_date)
            else least(to_date(:through), last_day(to_date(concat(billing_period, '-01'))))
        end as as_of_date,
        day(last_day(to_date(concat(billing_period, '-01')))) as days_in_month
    from days
    group by billing_period

)
