-- largest_remainder: splits each pool's amount over its parts (view alloc_parts) in proportion to the
-- parts' integer weights, exactly: in units of the money type (1e-10), every part gets the floor of its
-- exact share, and the units left over go one each to the parts with the largest remainders (ties by
-- key). Invariant: per pool_id, sum(amount) = pool_amount to the last unit.
-- Integer arithmetic throughout (units x weight fits DECIMAL(38,0); quotients are exact), so Spark's
-- DECIMAL precision loss cannot creep in.
with parts as (

    select
        *,
        sum(weight) over (partition by pool_id) as total_weight,
        cast(abs(pool_amount) * 10000000000 as decimal(20, 0)) as pool_units
    from alloc_parts

),

floored as (

    select
        *,
        -- (a - a mod b) / b is exact in DECIMAL, where `div` would return a BIGINT and overflow
        cast((pool_units * weight - pmod(pool_units * weight, total_weight)) / total_weight as decimal(20, 0)) as base_units,
        pmod(pool_units * weight, total_weight) as remainder
    from parts

),

ranked as (

    select
        *,
        sum(base_units) over (partition by pool_id) as floored_units,
        row_number() over (
            partition by pool_id
            order by remainder desc, customer, product, feature, team, env, x_Model
        ) as remainder_rank
    from floored

),

final as (

    select
        cast(null as string) as x_LedgerId,
        pool_id,
        customer,
        product,
        feature,
        team,
        env,
        allocation_rule_id,
        method,
        driver_quantity,
        -- weight <= 1e20 and total < 1e22: the quotient keeps 18 decimals
        cast(weight / cast(total_weight as decimal(22, 0)) as decimal(38, 18)) as share,
        -- units / 1e10 is exact (DECIMAL(38,18)); the sign is a negation, not a multiplication, because
        -- Spark cuts a product's scale to 7 decimals when its precision would pass 38
        cast(
            case when pool_amount < 0 then -(final_units / 10000000000) else final_units / 10000000000 end
        as decimal(38, 10)) as amount,
        x_Provider,
        x_Model,
        x_TokenType,
        x_Workload,
        x_Delivery,
        ChargeCategory,
        ServiceCategory,
        billing_period
    from (
        select
            *,
            cast(base_units + case when remainder_rank <= pool_units - floored_units then 1 else 0 end as decimal(20, 0)) as final_units
        from ranked
    )

)

select * from final
