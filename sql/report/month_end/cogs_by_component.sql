-- month_end/cogs_by_component: the period's COGS per cost component (inference, infrastructure, ...).
-- Grain: one row per cost_component of the COGS category; amounts add up to the period's COGS.
with cogs as (

    select * from gold.cogs where billing_period = :period and pnl_category = 'COGS'

),

final as (

    select
        coalesce(cost_component, 'other') as cost_component,
        sum(amount) as amount,
        sum(case when is_ai then amount else 0 end) as ai_amount
    from cogs
    group by 1

)

select * from final order by amount desc, cost_component
