-- worst_customers: per billing period, the three paying customers with the lowest margin.
with ranked as (

    select
        billing_period,
        customer,
        plan,
        revenue,
        cogs,
        margin_pct,
        row_number() over (partition by billing_period order by margin_pct asc, customer) as rank
    from gold.customer_economics
    where revenue > 0

),

final as (

    select
        billing_period,
        rank,
        customer,
        plan,
        cast(round(revenue, 2) as decimal(20, 2)) as revenue,
        cast(round(cogs, 2) as decimal(20, 2)) as cogs,
        cast(round(margin_pct, 1) as decimal(8, 1)) as margin_pct
    from ranked
    where rank <= 3

)

select * from final order by billing_period, rank
