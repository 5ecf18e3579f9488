-- gold.feature_economics: one row per period x product x feature that has COGS or model calls.
-- One definition of cost per request across the gold tables (customer_economics too):
--   cost_per_request       = the grain's COGS (every component: inference, retrieval, hosting, taxes…)
--                            ÷ its model calls (silver.usage rows);
--   model_cost_per_request = the calls' own cost (silver.request_costs: usage-allocated model COGS)
--                            ÷ the same calls: the mean of the distribution p50 / p99 describe.
-- Percentiles are nearest-rank over the calls' own cost: the value at rank ceil(p x n) in cost order.
-- No calls: the per-request figures are null.
with calls as (

    select billing_period, coalesce(product, 'unknown') as product, coalesce(feature, 'unknown') as feature, cost
    from request_costs

),

ranked as (

    select
        *,
        row_number() over (partition by billing_period, product, feature order by cost) as cost_rank,
        count(*) over (partition by billing_period, product, feature) as n
    from calls

),

call_stats as (

    select
        billing_period,
        product,
        feature,
        count(*) as requests,
        sum(cost) as model_cogs,
        max(case when cost_rank = ceil(0.5 * n) then cost end) as p50,
        max(case when cost_rank = ceil(0.99 * n) then cost end) as p99
    from ranked
    group by 1, 2, 3

),

cogs as (

    select billing_period, coalesce(product, 'unknown') as product, coalesce(feature, 'unknown') as feature,
           sum(amount) as cogs
    from classified
    where pnl_category = 'COGS'
    group by 1, 2, 3

),

features as (

    select billing_period, product, feature from call_stats
    union
    select billing_period, product, feature from cogs

),

final as (

    select
        f.billing_period,
        f.product,
        f.feature,
        coalesce(s.requests, 0) as requests,
        cast(coalesce(c.cogs, 0) as decimal(38, 10)) as cogs,
        cast(case when s.requests > 0 then coalesce(c.cogs, 0) / s.requests end as decimal(38, 10)) as cost_per_request,
        cast(coalesce(s.model_cogs, 0) as decimal(38, 10)) as model_cogs,
        cast(case when s.requests > 0 then s.model_cogs / s.requests end as decimal(38, 10)) as model_cost_per_request,
        cast(s.p50 as decimal(38, 10)) as p50_cost_per_request,
        cast(s.p99 as decimal(38, 10)) as p99_cost_per_request
    from features as f
    left join call_stats as s on s.billing_period = f.billing_period and s.product = f.product and s.feature = f.feature
    left join cogs as c on c.billing_period = f.billing_period and c.product = f.product and c.feature = f.feature

)

select * from final
