-- month_end/user_tenure: cost per user by tenure up to :period, for the cohorts of the twelve months up to
-- it: each cohort's rows of gold.user_tenure over its months since (the chart draws one line per cohort).
-- Grain: one row per cohort x period of gold.user_tenure.
with tenure as (

    select *
    from gold.user_tenure
    where billing_period <= :period
      and cohort >= date_format(add_months(to_date(:period || '-01'), -11), 'yyyy-MM')

),

final as (

    select
        cohort,
        months_since,
        users,
        mean_cost_per_user,
        p50_cost_per_user,
        p90_cost_per_user,
        tokens_per_interaction
    from tenure

)

select * from final order by cohort, months_since
