-- pool_lines: every ledger line of the periods with the pool it is allocated in (view alloc_lines:
-- ledger lines + rule_id, method, driver, grain, weight_key, serves_provider, serves_models). Grain: one
-- row per ledger line.
-- Lines that a key of their own attributes (method direct) have no pool. Every other line is summed
-- into the pool of the lines that its rule splits by the same driver and that classification and gold
-- cannot tell apart: same period, provider, rule, env, workload, delivery, service category, charge
-- category, model, token type and product / feature / team tags; for a usage driver also the same
-- provider account, and the same day when the driver is daily. The pool's parts are then split over
-- the driver's keys once, whatever the number of lines it holds (pools.sql, driven_parts.sql).
with lines as (

    select * from alloc_lines

),

keyed as (

    select
        *,
        case when method = 'usage' and grain = 'day' then to_date(ChargePeriodStart) end as pool_date,
        -- a line that serves self-hosted models is split over their calls, whatever account made them
        case when method = 'usage' and serves_provider is null then x_ProviderAccount end as pool_account
    from lines

),

final as (

    select
        x_LedgerId,
        billing_period,
        coalesce(rule_id, 'none') as allocation_rule_id,
        case when method = 'direct' then null else
            -- stable across runs: the same attributes give the same id; to_json names every field, so
            -- a null in one field cannot be confused with another field's value
            concat('pool-', substr(sha2(to_json(named_struct(
                'period', billing_period, 'rule', rule_id, 'provider', x_Provider, 'account', pool_account,
                'date', pool_date, 'model', x_Model, 'token_type', x_TokenType, 'env', x_Env,
                'workload', x_Workload, 'delivery', x_Delivery, 'service_category', ServiceCategory,
                'charge_category', ChargeCategory, 'product', x_Product, 'feature', x_Feature,
                'team', x_Team)), 256), 1, 32))
        end as pool_id,
        x_EffectiveCostReporting as amount,
        rule_id, method, driver, grain, weight_key, serves_provider, serves_models,
        x_Provider, pool_account, pool_date, x_Model, x_TokenType, x_Env, x_Workload, x_Delivery,
        ServiceCategory, ChargeCategory, x_Product, x_Feature, x_Team, x_Customer
    from keyed

)

select * from final
