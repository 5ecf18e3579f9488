-- gold.feature_economics: one row per period x product x feature over the model calls
-- (silver.request_costs). Percentiles are nearest-rank: the value at rank ceil(p x n) in cost order.
with requests as (

    select billing_period, coalesce(product, 'unknown') as product, coalesce(feature, 'unknown') as feature, cost
    from request_costs

),

ranked as (

    select
        *,
        row_number() over (partition by billing_period, product, feature order by cost) as cost_rank,
        count(*) over (partition by billing_period, product, feature) as n
    from requests

),

final as (

    select
        billing_period,
        product,
        feature,
        count(*) as requests,
        cast(sum(cost) as decimal(38, 10)) as cogs,
        cast(sum(cost) / count(*) as decimal(38, 10)) as cost_per_request,
        cast(max(case when cost_rank = ceil(0.5 * n) then cost end) as decimal(38, 10)) as p50_cost_per_request,
        cast(max(case when cost_rank = ceil(0.99 * n) then cost end) as decimal(38, 10)) as p99_cost_per_request
    from ranked
    group by 1, 2, 3

)

select * from final
