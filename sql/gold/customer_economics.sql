-- gold.customer_economics: one row per period x customer (COGS no driver covered: customer 'unallocated').
-- plan from silver.revenue (paid beats trial beats free; no revenue row: 'unknown'); cost per request
-- and per user divide the customer's COGS (every component) by its model calls and distinct users, as
-- gold.feature_economics does; model_cost_per_request divides the calls' own cost (silver.request_costs)
-- by the same calls; contribution_margin = revenue - cogs; margin_pct = contribution_margin / revenue x
-- 100 (null without revenue).
with cogs as (

    select billing_period, coalesce(customer, 'unallocated') as customer,
           sum(amount) as cogs, sum(case when is_ai then amount else 0 end) as ai_cogs
    from classified
    where pnl_category = 'COGS'
    group by 1, 2

),

revenue as (

    select billing_period, customer, sum(revenue_reporting) as revenue,
           case max(case plan when 'paid' then 3 when 'trial' then 2 when 'free' then 1 else 0 end)
               when 3 then 'paid' when 2 then 'trial' when 1 then 'free' else 'unknown' end as plan
    from revenue
    group by 1, 2

),

activity as (

    select billing_period, customer, count(*) as requests, count(distinct user) as active_users
    from usage
    where customer is not null
    group by 1, 2

),

call_costs as (

    select billing_period, customer, sum(cost) as model_cogs
    from request_costs
    where customer is not null
    group by 1, 2

),

customers as (

    select billing_period, customer from cogs
    union
    select billing_period, customer from revenue
    union
    select billing_period, customer from activity

),

final as (

    select
        k.billing_period,
        k.customer,
        coalesce(r.plan, 'unknown') as plan,
        cast(coalesce(r.revenue, 0) as decimal(38, 10)) as revenue,
        cast(coalesce(c.ai_cogs, 0) as decimal(38, 10)) as ai_cogs,
        cast(coalesce(c.cogs, 0) as decimal(38, 10)) as cogs,
        coalesce(a.requests, 0) as requests,
        coalesce(a.active_users, 0) as active_users,
        cast(case when a.requests > 0 then coalesce(c.cogs, 0) / a.requests end as decimal(38, 10)) as cost_per_request,
        cast(case when a.requests > 0 then coalesce(m.model_cogs, 0) / a.requests end as decimal(38, 10)) as model_cost_per_request,
        cast(case when a.active_users > 0 then coalesce(c.cogs, 0) / a.active_users end as decimal(38, 10)) as cost_per_user,
        cast(coalesce(r.revenue, 0) - coalesce(c.cogs, 0) as decimal(38, 10)) as contribution_margin,
        cast(case when r.revenue <> 0 then round((r.revenue - coalesce(c.cogs, 0)) * 100 / r.revenue, 4) end as decimal(12, 4)) as margin_pct
    from customers as k
    left join cogs as c on c.billing_period = k.billing_period and c.customer = k.customer
    left join revenue as r on r.billing_period = k.billing_period and r.customer = k.customer
    left join activity as a on a.billing_period = k.billing_period and a.customer = k.customer
    left join call_costs as m on m.billing_period = k.billing_period and m.customer = k.customer

)

select * from final
