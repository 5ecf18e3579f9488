-- month_end/customer_costs: cost to serve each customer against its revenue, costliest first.
-- Grain: one row per customer of gold.customer_economics for :period (unallocated left out: it is no
-- customer); above_revenue marks the customers whose COGS exceed their revenue.
with customers as (

    select * from gold.customer_economics where billing_period = :period and customer <> 'unallocated'

),

final as (

    select
        customer,
        plan,
        coalesce(revenue, 0) as revenue,
        coalesce(cogs, 0) as cogs,
        cost_per_user,
        margin_pct,
        coalesce(cogs, 0) > coalesce(revenue, 0) as above_revenue
    from customers

)

select * from final order by cogs desc, customer
