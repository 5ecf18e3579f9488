-- largest_remainder: splits each line's amount over its parts (view alloc_parts) in proportion to the
-- parts' integer weights, exactly: in units of the money type (1e-10), every part gets the floor of its
-- exact share, and the units left over go one each to the parts with the largest remainders (ties by
-- key). Invariant: per x_LedgerId, sum(amount) = line_amount to the last unit.
-- Integer arithmetic throughout (units x weight fits DECIMAL(38,0); quotients are exact), so Spark's
-- DECIMAL precision loss cannot creep in.
with parts as (

    select
        *,
        sum(weight) over (partition by x_LedgerId) as total_weight,
        cast(abs(line_amount) * 10000000000 as decimal(20, 0)) as line_units
    from alloc_parts

),

floored as (

    select
        *,
        -- (a - a mod b) / b is exact in DECIMAL, where `div` would return a BIGINT and overflow
        cast((line_units * weight - pmod(line_units * weight, total_weight)) / total_weight as decimal(20, 0)) as base_units,
        pmod(line_units * weight, total_weight) as remainder
    from parts

),

ranked as (

    select
        *,
        sum(base_units) over (partition by x_LedgerId) as floored_units,
        row_number() over (
            partition by x_LedgerId
            order by remainder desc, customer, product, feature, team, env
        ) as remainder_rank
    from floored

),

final as (

    select
        x_LedgerId,
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
            case when line_amount < 0 then -(final_units / 10000000000) else final_units / 10000000000 end
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
            cast(base_units + case when remainder_rank <= line_units - floored_units then 1 else 0 end as decimal(20, 0)) as final_units
        from ranked
    )

)

select * from final
