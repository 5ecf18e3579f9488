-- gold.simulation: one row per period x scenario x product x feature (cost with no product:
-- 'unallocated'). baseline_cogs is the feature's COGS today (every component); simulated_cogs is the same
-- with the cost of the calls the scenario touches replaced by their simulated cost (view simulated_calls);
-- cost the scenario does not touch (infrastructure, retrieval, other calls) stays as it is. saving =
-- baseline - simulated, saving_pct = saving / baseline x 100. requests and actions (distinct traces, an
-- untraced call is one) are today's; cost per action = COGS / actions. The AI gross margin and the
-- customers above revenue are the product's (repeated on each of its features): the product's AI revenue
-- (sql/blocks/ai_revenue_rows.sql) against its AI COGS before and after, and how many of its customers'
-- COGS of the product exceed their revenue of it. Views: simulated_calls, simulation_scenarios,
-- classified, usage, revenue, ai_revenue_streams, ai_products, ai_revenue_shares.
with

@include blocks/ai_revenue_rows.sql,

scenarios as (

    select name as scenario from simulation_scenarios

),

cogs as (

    select billing_period, coalesce(product, 'unallocated') as product, feature, customer,
           sum(amount) as cogs, sum(case when is_ai then amount else 0 end) as ai_cogs
    from classified
    where pnl_category = 'COGS'
    group by 1, 2, 3, 4

),

activity as (

    select billing_period, coalesce(product, 'unallocated') as product, feature,
           count(*) as requests, count(distinct coalesce(trace_id, event_id)) as actions
    from usage
    group by 1, 2, 3

),

changes as (

    select scenario, billing_period, coalesce(product, 'unallocated') as product, feature, customer,
           -- to the money type's 10 decimals once, so baseline + change and the saving add up exactly
           cast(sum(simulated_cost) - sum(baseline_cost) as decimal(38, 10)) as change
    from simulated_calls
    group by 1, 2, 3, 4, 5

),

features as (

    select billing_period, product, feature from cogs
    union
    select billing_period, product, feature from activity

),

cogs_by_feature as (

    select billing_period, product, feature, sum(cogs) as cogs, sum(ai_cogs) as ai_cogs
    from cogs
    group by 1, 2, 3

),

changes_by_feature as (

    select scenario, billing_period, product, feature, sum(change) as change
    from changes
    group by 1, 2, 3, 4

),

feature_rows as (

    select
        s.scenario, f.billing_period, f.product, f.feature,
        coalesce(a.requests, 0) as requests,
        coalesce(a.actions, 0) as actions,
        coalesce(c.cogs, 0) as baseline_cogs,
        coalesce(c.ai_cogs, 0) as baseline_ai_cogs,
        coalesce(x.change, 0) as change
    from features as f
    cross join scenarios as s
    left join activity as a on a.billing_period = f.billing_period and a.product = f.product and a.feature <=> f.feature
    left join cogs_by_feature as c on c.billing_period = f.billing_period and c.product = f.product and c.feature <=> f.feature
    left join changes_by_feature as x
        on x.scenario = s.scenario and x.billing_period = f.billing_period and x.product = f.product and x.feature <=> f.feature

),

product_revenue as (

    select billing_period, coalesce(product, 'unallocated') as product, sum(ai_revenue) as ai_revenue
    from ai_revenue_rows
    group by 1, 2

),

customer_products as (

    -- each customer's revenue and COGS of a product, before and after each scenario
    select s.scenario, k.billing_period, k.product, k.customer,
           coalesce(r.revenue, 0) as revenue,
           coalesce(c.cogs, 0) as cogs_before,
           coalesce(c.cogs, 0) + coalesce(x.change, 0) as cogs_after
    from (
        select billing_period, product, customer from cogs where customer is not null and customer <> 'unallocated'
        union
        select billing_period, coalesce(product, 'unallocated'), customer from ai_revenue_rows where customer is not null
    ) as k
    cross join scenarios as s
    left join (select billing_period, coalesce(product, 'unallocated') as product, customer, sum(revenue) as revenue
               from ai_revenue_rows group by 1, 2, 3) as r
        on r.billing_period = k.billing_period and r.product = k.product and r.customer = k.customer
    left join (select billing_period, product, customer, sum(cogs) as cogs from cogs group by 1, 2, 3) as c
        on c.billing_period = k.billing_period and c.product = k.product and c.customer = k.customer
    left join (select scenario, billing_period, product, customer, sum(change) as change from changes group by 1, 2, 3, 4) as x
        on x.scenario = s.scenario and x.billing_period = k.billing_period and x.product = k.product and x.customer = k.customer

),

product_customers as (

    select scenario, billing_period, product,
           count(case when cogs_before > revenue then 1 end) as customers_above_revenue_before,
           count(case when cogs_after > revenue then 1 end) as customers_above_revenue_after
    from customer_products
    group by 1, 2, 3

),

product_ai as (

    select scenario, billing_period, product,
           sum(baseline_ai_cogs) as ai_cogs_before, sum(baseline_ai_cogs + change) as ai_cogs_after
    from feature_rows
    group by 1, 2, 3

),

final as (

    select
        f.billing_period,
        f.scenario,
        f.product,
        f.feature,
        f.requests,
        f.actions,
        cast(f.baseline_cogs as decimal(38, 10)) as baseline_cogs,
        cast(f.baseline_cogs + f.change as decimal(38, 10)) as simulated_cogs,
        cast(-f.change as decimal(38, 10)) as saving,
        cast(case when f.baseline_cogs <> 0 then round(-f.change * 100 / f.baseline_cogs, 4) end as decimal(12, 4)) as saving_pct,
        cast(case when f.actions > 0 then f.baseline_cogs / f.actions end as decimal(38, 10)) as baseline_cost_per_action,
        cast(case when f.actions > 0 then (f.baseline_cogs + f.change) / f.actions end as decimal(38, 10)) as simulated_cost_per_action,
        cast(case when r.ai_revenue <> 0 then round((r.ai_revenue - p.ai_cogs_before) * 100 / r.ai_revenue, 4) end
             as decimal(12, 4)) as baseline_ai_gross_margin_pct,
        cast(case when r.ai_revenue <> 0 then round((r.ai_revenue - p.ai_cogs_after) * 100 / r.ai_revenue, 4) end
             as decimal(12, 4)) as simulated_ai_gross_margin_pct,
        coalesce(c.customers_above_revenue_before, 0) as customers_above_revenue_before,
        coalesce(c.customers_above_revenue_after, 0) as customers_above_revenue_after
    from feature_rows as f
    join product_ai as p on p.scenario = f.scenario and p.billing_period = f.billing_period and p.product = f.product
    left join product_revenue as r on r.billing_period = f.billing_period and r.product = f.product
    left join product_customers as c on c.scenario = f.scenario and c.billing_period = f.billing_period and c.product = f.product

)

select * from final
