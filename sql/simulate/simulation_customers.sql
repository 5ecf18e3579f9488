-- gold.simulation_customers: one row per period x scenario x customer (and 'unallocated'): the
-- customer's revenue and COGS today and under the scenario (the cost of its calls the scenario touches
-- replaced by their simulated cost, view simulated_calls), saving = baseline - simulated, and whether it
-- costs more than it pays before and after (null for 'unallocated': not a customer).
-- Views: simulated_calls, simulation_scenarios, classified, revenue.
with scenarios as (

    select name as scenario from simulation_scenarios

),

cogs as (

    select billing_period, coalesce(customer, 'unallocated') as customer, sum(amount) as cogs
    from classified
    where pnl_category = 'COGS'
    group by 1, 2

),

revenue_by_customer as (

    select billing_period, coalesce(customer, 'unallocated') as customer, sum(revenue_reporting) as revenue
    from revenue
    group by 1, 2

),

changes as (

    select scenario, billing_period, coalesce(customer, 'unallocated') as customer,
           cast(sum(simulated_cost) - sum(baseline_cost) as decimal(38, 10)) as change
    from simulated_calls
    group by 1, 2, 3

),

customers as (

    select billing_period, customer from cogs
    union
    select billing_period, customer from revenue_by_customer

),

final as (

    select
        k.billing_period,
        s.scenario,
        k.customer,
        cast(coalesce(r.revenue, 0) as decimal(38, 10)) as revenue,
        cast(coalesce(c.cogs, 0) as decimal(38, 10)) as baseline_cogs,
        cast(coalesce(c.cogs, 0) + coalesce(x.change, 0) as decimal(38, 10)) as simulated_cogs,
        cast(-coalesce(x.change, 0) as decimal(38, 10)) as saving,
        case when k.customer <> 'unallocated' then coalesce(c.cogs, 0) > coalesce(r.revenue, 0) end as above_revenue_before,
        case when k.customer <> 'unallocated' then coalesce(c.cogs, 0) + coalesce(x.change, 0) > coalesce(r.revenue, 0) end as above_revenue_after
    from customers as k
    cross join scenarios as s
    left join cogs as c on c.billing_period = k.billing_period and c.customer = k.customer
    left join revenue_by_customer as r on r.billing_period = k.billing_period and r.customer = k.customer
    left join changes as x on x.scenario = s.scenario and x.billing_period = k.billing_period and x.customer = k.customer

)

select * from final
