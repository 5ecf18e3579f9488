-- month_end/model_mix: the period's COGS per model (from silver.cost_classified's x_Model), the lines
-- without a model (infrastructure, fees) as one row '(no model)'.
-- Grain: one row per provider x model; amounts add up to the period's COGS.
with classified as (

    select * from silver.cost_classified where billing_period = :period and pnl_category = 'COGS'

),

final as (

    select
        coalesce(x_Provider, 'unknown') as provider,
        coalesce(x_Model, '(no model)') as model,
        sum(amount) as amount
    from classified
    group by 1, 2

)

select * from final order by amount desc, provider, model
