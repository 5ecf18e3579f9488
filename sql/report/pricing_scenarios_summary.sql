-- pricing_scenarios_summary: what `bin/cogs demo` prints of gold.pricing_scenarios. Grain: one row per
-- billing period x scenario ('actual' first): the period's revenue under the plan, its AI-layer margin and
-- the customers who would cost more than they pay.
with rows as (

    select * from gold.pricing_scenarios

),

final as (

    select
        billing_period,
        scenario,
        cast(round(sum(revenue), 2) as decimal(20, 2)) as revenue,
        cast(round(sum(cogs), 2) as decimal(20, 2)) as cogs,
        max(scenario_ai_gross_margin_pct) as ai_gm_pct,
        max(scenario_customers_above_revenue) as customers_under_water
    from rows
    group by billing_period, scenario

)

select * from final order by billing_period, case when scenario = 'actual' then 0 else 1 end, scenario
