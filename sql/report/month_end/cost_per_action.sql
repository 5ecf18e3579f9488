-- month_end/cost_per_action: what each configured simulation does to the cost of one action, feature by
-- feature, for :period. Grain: one row per simulation x product x feature of gold.simulation that has
-- actions (COGS no feature carries has no cost per action).
with simulation as (

    select * from gold.simulation where billing_period = :period

),

final as (

    select
        scenario,
        product,
        feature,
        actions,
        baseline_cost_per_action,
        simulated_cost_per_action,
        baseline_ai_gross_margin_pct,
        simulated_ai_gross_margin_pct
    from simulation
    where actions > 0

)

select * from final order by scenario, product, feature
