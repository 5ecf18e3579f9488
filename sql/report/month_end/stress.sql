-- month_end/stress: the AI layer's gross margin under each stress scenario, for all products together.
-- Grain: one row per scenario of gold.stress (product ALL) for :period, baseline first.
with stress as (

    select * from gold.stress where billing_period = :period and product = 'ALL'

),

final as (

    select
        scenario,
        ai_revenue,
        ai_cogs,
        ai_gross_margin_pct
    from stress

)

select * from final order by case when scenario = 'baseline' then 0 else 1 end, scenario
