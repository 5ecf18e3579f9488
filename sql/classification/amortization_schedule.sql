-- amortization_schedule: each capitalized pool or directly attributed line of the classified periods
-- (view capitalized: pool_id, x_LedgerId, origin_period, amount) charged straight-line over :useful_life_months months, starting in
-- its own month. Exact: in units of 1e-10 every month gets units div n, the first (units mod n) months
-- one more, so a pool's (or line's) months add up to it.
with capitalized as (

    select * from capitalized

),

months as (

    select c.*, month_index, cast(abs(c.amount) * 10000000000 as decimal(20, 0)) as units
    from capitalized as c
    lateral view explode(sequence(0, :useful_life_months - 1)) m as month_index

),

final as (

    select
        pool_id,
        x_LedgerId,
        origin_period,
        -- exact DECIMAL quotient and a negation for the sign (see allocation/largest_remainder.sql)
        cast(
            case when amount < 0 then -(month_units / 10000000000) else month_units / 10000000000 end
        as decimal(38, 10)) as amount,
        :rules_version as rules_version,
        date_format(add_months(to_date(concat(origin_period, '-01')), month_index), 'yyyy-MM') as billing_period
    from (
        select
            *,
            cast((units - pmod(units, :useful_life_months)) / :useful_life_months
                 + case when month_index < pmod(units, :useful_life_months) then 1 else 0 end as decimal(20, 0)) as month_units
        from months
    )

)

select * from final
