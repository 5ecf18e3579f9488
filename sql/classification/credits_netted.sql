-- credits_netted: classification.policies.credits applied to the classified rows (view classified_rows).
--   gross: rows unchanged; taxes, credits and fees stay a component of their own (credits_fees, not AI).
--   net:   each credits_fees row reduces (a credit) or adds to (a tax, a fee) the cost it relates to, in
--          proportion: it is split over the cost components of the same category that the same key
--          (customer, product, feature, team, env) has with the same provider in the period, AI included,
--          so a Bedrock credit lowers AI COGS as much as the inference it paid for. A key with no such cost
--          borrows the provider's mix of the period in that category; a row with neither stays credits_fees.
-- The split is exact (units of 1e-10, largest remainder, ties by component): per row, the parts add up to
-- it, so per period the output adds up to the input to the last unit. The category, customer and every
-- other column stay the charge's: only cost_component and is_ai are borrowed.
with classified as (

    select * from classified_rows

),

charges as (

    select * from classified where :credits_policy = 'net' and cost_component = 'credits_fees'

),

kept as (

    select * from classified where not (:credits_policy = 'net' and cost_component = 'credits_fees')

),

-- what each key spent with the provider, per category and component (weights in units of 1e-4: integers)
key_mix as (

    select
        billing_period, x_Provider, customer, product, feature, team, env, pnl_category, cost_component, is_ai,
        cast(round(sum(amount) * 10000) as decimal(20, 0)) as weight
    from kept
    where cost_component <> 'credits_fees'
    group by billing_period, x_Provider, customer, product, feature, team, env, pnl_category, cost_component, is_ai
    having round(sum(amount) * 10000) > 0

),

provider_mix as (

    select
        billing_period, x_Provider, pnl_category, cost_component, is_ai,
        cast(round(sum(amount) * 10000) as decimal(20, 0)) as weight
    from kept
    where cost_component <> 'credits_fees'
    group by billing_period, x_Provider, pnl_category, cost_component, is_ai
    having round(sum(amount) * 10000) > 0

),

charge_keys as (

    select
        c.*,
        k.billing_period is not null as key_has_cost,
        p.billing_period is not null as provider_has_cost
    from charges as c
    left join (
        select distinct billing_period, x_Provider, customer, product, feature, team, env, pnl_category from key_mix
    ) as k
      on k.billing_period = c.billing_period and k.x_Provider <=> c.x_Provider and k.customer <=> c.customer
     and k.product <=> c.product and k.feature <=> c.feature and k.team <=> c.team and k.env <=> c.env
     and k.pnl_category = c.pnl_category
    left join (
        select distinct billing_period, x_Provider, pnl_category from provider_mix
    ) as p
      on p.billing_period = c.billing_period and p.x_Provider <=> c.x_Provider and p.pnl_category = c.pnl_category

),

-- one row per charge and borrowed component
parts as (

    select c.*, k.cost_component as to_component, k.is_ai as to_ai, k.weight
    from charge_keys as c
    join key_mix as k
      on c.key_has_cost and k.billing_period = c.billing_period and k.x_Provider <=> c.x_Provider
     and k.customer <=> c.customer and k.product <=> c.product and k.feature <=> c.feature
     and k.team <=> c.team and k.env <=> c.env and k.pnl_category = c.pnl_category

    union all

    select c.*, p.cost_component as to_component, p.is_ai as to_ai, p.weight
    from charge_keys as c
    join provider_mix as p
      on not c.key_has_cost and p.billing_period = c.billing_period and p.x_Provider <=> c.x_Provider
     and p.pnl_category = c.pnl_category

),

split as (

    select
        *,
        cast((charge_units * weight - pmod(charge_units * weight, total_weight)) / total_weight as decimal(20, 0)) as base_units,
        pmod(charge_units * weight, total_weight) as remainder
    from (
        select
            *,
            sum(weight) over (partition by billing_period, pool_id, x_LedgerId, customer, product, feature, team, env) as total_weight,
            cast(abs(amount) * 10000000000 as decimal(20, 0)) as charge_units
        from parts
    )

),

ranked as (

    select
        *,
        sum(base_units) over (partition by billing_period, pool_id, x_LedgerId, customer, product, feature, team, env) as floored_units,
        row_number() over (
            partition by billing_period, pool_id, x_LedgerId, customer, product, feature, team, env
            order by remainder desc, to_component, to_ai
        ) as remainder_rank
    from split

),

netted as (

    select
        pool_id, x_LedgerId, customer, product, feature, team, env, allocation_rule_id, method,
        driver_quantity, share,
        -- units / 1e10 is exact; the sign is a negation (a product's scale would be cut, see largest_remainder)
        cast(
            case when amount < 0 then -(final_units / 10000000000) else final_units / 10000000000 end
        as decimal(38, 10)) as amount,
        x_Provider, x_Model, x_TokenType, x_Workload, x_Delivery, ChargeCategory, ServiceCategory,
        rule_id, rules_version, pnl_category,
        to_component as cost_component,
        to_ai as is_ai,
        billing_period
    from (
        select
            *,
            cast(base_units + case when remainder_rank <= charge_units - floored_units then 1 else 0 end as decimal(20, 0)) as final_units
        from ranked
    )

),

unrelated as (

    select
        pool_id, x_LedgerId, customer, product, feature, team, env, allocation_rule_id, method,
        driver_quantity, share, amount, x_Provider, x_Model, x_TokenType, x_Workload, x_Delivery,
        ChargeCategory, ServiceCategory, rule_id, rules_version, pnl_category, cost_component, is_ai,
        billing_period
    from charge_keys
    where not key_has_cost and not provider_has_cost

),

final as (

    select * from kept
    union all
    select * from netted
    union all
    select * from unrelated

)

select * from final
