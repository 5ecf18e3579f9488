-- gold.pricing_scenarios: one row per period x scenario x customer: the price plans of
-- pricing_scenarios (view pricing_scenarios) tried against each customer's actual cost of the period,
-- beside the actual pricing as scenario 'actual'. Under a plan the customer pays, for the AI product,
-- platform_fee + per_user x its active users + per_action x its actions (distinct traces, an untraced
-- call is one action) + with markup its AI COGS x (1 + markup), and keeps its actual platform (non-AI)
-- revenue (sql/blocks/ai_revenue_rows.sql). cogs is the customer's actual COGS, every component.
-- gross_margin_pct = (revenue - cogs) / revenue x 100 (null without revenue); above_revenue: the
-- customer costs more than it pays. COGS no driver covered stays on customer 'unallocated' (it pays
-- nothing under any plan, above_revenue null: not a customer), so the scenario's AI-layer margin
-- (scenario_ai_gross_margin_pct: all AI revenue against all AI COGS of the period, as gold.gross_margin's
-- ALL ai layer for 'actual') cannot improve when tagging gets worse; scenario_customers_above_revenue
-- counts the customers under water under the scenario.
with

@include blocks/ai_revenue_rows.sql,

revenue_by_customer as (

    select billing_period, coalesce(customer, 'unallocated') as customer, sum(revenue) as revenue, sum(ai_revenue) as ai_revenue
    from ai_revenue_rows
    group by 1, 2

),

cogs_by_customer as (

    select billing_period, coalesce(customer, 'unallocated') as customer,
           sum(amount) as cogs, sum(case when is_ai then amount else 0 end) as ai_cogs
    from classified
    where pnl_category = 'COGS'
    group by 1, 2

),

activity as (

    select billing_period, customer, count(distinct user) as active_users,
           count(distinct coalesce(trace_id, event_id)) as actions
    from usage
    where customer is not null
    group by 1, 2

),

customers as (

    select billing_period, customer from revenue_by_customer
    union
    select billing_period, customer from cogs_by_customer
    union
    select billing_period, customer from activity

),

actuals as (

    select
        k.billing_period,
        k.customer,
        coalesce(a.active_users, 0) as active_users,
        coalesce(a.actions, 0) as actions,
        cast(coalesce(r.revenue, 0) as decimal(38, 10)) as revenue,
        cast(coalesce(r.ai_revenue, 0) as decimal(38, 10)) as ai_revenue,
        cast(coalesce(c.cogs, 0) as decimal(38, 10)) as cogs,
        cast(coalesce(c.ai_cogs, 0) as decimal(38, 10)) as ai_cogs
    from customers as k
    left join revenue_by_customer as r on r.billing_period = k.billing_period and r.customer = k.customer
    left join cogs_by_customer as c on c.billing_period = k.billing_period and c.customer = k.customer
    left join activity as a on a.billing_period = k.billing_period and a.customer = k.customer

),

plans as (

    -- DECIMAL(20,10) terms x DECIMAL(12,0) counts and DECIMAL(26,10) x DECIMAL(18,10) stay exact (scale >= 10)
    select
        a.billing_period, a.customer, a.active_users, a.actions, a.cogs, a.ai_cogs,
        p.name as scenario,
        a.revenue - a.ai_revenue as platform_revenue,
        case when a.customer = 'unallocated' then cast(0 as decimal(38, 10)) else cast(
            coalesce(p.platform_fee, 0)
            + coalesce(p.per_user, 0) * cast(a.active_users as decimal(12, 0))
            + coalesce(p.per_action, 0) * cast(a.actions as decimal(12, 0))
            + case when p.markup is not null
                   then cast(a.ai_cogs as decimal(26, 10)) * cast(1 + p.markup as decimal(18, 10)) else 0 end
        as decimal(38, 10)) end as ai_revenue
    from actuals as a
    cross join pricing_scenarios as p

),

scenarios as (

    select billing_period, customer, active_users, actions, 'actual' as scenario, revenue, ai_revenue, cogs, ai_cogs
    from actuals
    union all
    select billing_period, customer, active_users, actions, scenario,
           cast(platform_revenue + ai_revenue as decimal(38, 10)), ai_revenue, cogs, ai_cogs
    from plans

),

final as (

    select
        billing_period,
        scenario,
        customer,
        active_users,
        actions,
        revenue,
        ai_revenue,
        cogs,
        ai_cogs,
        cast(case when revenue <> 0 then round((revenue - cogs) * 100 / revenue, 4) end as decimal(12, 4)) as gross_margin_pct,
        case when customer <> 'unallocated' then cogs > revenue end as above_revenue,
        cast(case when sum(ai_revenue) over w <> 0
                  then round((sum(ai_revenue) over w - sum(ai_cogs) over w) * 100 / sum(ai_revenue) over w, 4) end
             as decimal(12, 4)) as scenario_ai_gross_margin_pct,
        count(case when customer <> 'unallocated' and cogs > revenue then 1 end) over w as scenario_customers_above_revenue
    from scenarios
    window w as (partition by billing_period, scenario)

)

select * from final
