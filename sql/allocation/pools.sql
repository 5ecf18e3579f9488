-- pools: the allocation pools of the periods (view pool_lines). Grain: one row per pool; its amount is
-- the sum of its lines' x_EffectiveCostReporting, exactly (DECIMAL sums do not round).
with lines as (

    select * from pool_lines where pool_id is not null

),

final as (

    select
        pool_id,
        billing_period,
        rule_id, method, driver, grain, weight_key, serves_provider, serves_models,
        x_Provider, pool_account, pool_date, x_Model, x_TokenType, x_Env, x_Workload, x_Delivery,
        ServiceCategory, ChargeCategory, x_Product, x_Feature, x_Team,
        sum(amount) as amount,
        count(*) as lines
    from lines
    group by
        pool_id, billing_period, rule_id, method, driver, grain, weight_key, serves_provider, serves_models,
        x_Provider, pool_account, pool_date, x_Model, x_TokenType, x_Env, x_Workload, x_Delivery,
        ServiceCategory, ChargeCategory, x_Product, x_Feature, x_Team

)

select * from final
