-- simulation_summary: the what-if section `bin/cogs demo` ends with. Grain: one row per billing period x
-- simulation: the period's COGS today and under the scenario (gold.simulation summed over products and
-- features), the saving, and the AI-layer gross margin (gold.gross_margin, ALL, ai) today and with the
-- saving taken off AI COGS (the calls a simulation re-prices are model inference, AI COGS).
with simulated as (

    select billing_period, scenario, sum(baseline_cogs) as cogs, sum(simulated_cogs) as simulated_cogs
    from gold.simulation
    group by billing_period, scenario

),

ai_layer as (

    select billing_period, revenue as ai_revenue, cogs as ai_cogs
    from gold.gross_margin
    where product = 'ALL' and layer = 'ai'

),

final as (

    select
        s.billing_period,
        s.scenario,
        cast(round(s.cogs, 2) as decimal(20, 2)) as cogs,
        cast(round(s.simulated_cogs, 2) as decimal(20, 2)) as simulated_cogs,
        cast(round(s.cogs - s.simulated_cogs, 2) as decimal(20, 2)) as saving,
        cast(case when s.cogs <> 0 then round((s.cogs - s.simulated_cogs) * 100 / s.cogs, 1) end as decimal(6, 1)) as saving_pct,
        cast(case when a.ai_revenue <> 0 then round((a.ai_revenue - a.ai_cogs) * 100 / a.ai_revenue, 2) end as decimal(8, 2)) as ai_gm_pct,
        cast(case when a.ai_revenue <> 0
                  then round((a.ai_revenue - (a.ai_cogs - (s.cogs - s.simulated_cogs))) * 100 / a.ai_revenue, 2) end
             as decimal(8, 2)) as simulated_ai_gm_pct
    from simulated as s
    left join ai_layer as a on a.billing_period = s.billing_period

)

select * from final order by billing_period, scenario
