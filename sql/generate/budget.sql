-- budget: the demo company's plan per billing period (generator), in the budget CSV shape (billing_period,
-- provider, product, feature, team, pnl_category, amount, currency; an empty column means any). Finance
-- plans each provider's month at the month before's bill plus 5%, rounded to tens of dollars (the first
-- month, with no month before, at its own bill rounded; a disputed invoice's extra is not planned for), and
-- the company's total as the sum of those lines. View gen_bill_totals (one per provider and period).
with invoices as (

    select provider, billing_period, cast(total as decimal(38, 2)) as total from gen_bill_totals

),

planned as (

    select
        provider,
        billing_period,
        cast(round(coalesce(lag(total) over (partition by provider order by billing_period) * 1.05, total), -1) as decimal(38, 2)) as amount
    from invoices

),

lines as (

    select billing_period, provider, amount from planned
    union all
    select billing_period, cast(null as string) as provider, cast(sum(amount) as decimal(38, 2)) as amount
    from planned
    group by billing_period

),

final as (

    select
        billing_period,
        provider,
        cast(null as string) as product,
        cast(null as string) as feature,
        cast(null as string) as team,
        cast(null as string) as pnl_category,
        amount,
        'USD' as currency
    from lines

)

select * from final order by billing_period, provider nulls last
