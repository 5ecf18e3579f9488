-- usage_metrics: other allocation drivers (view bronze_batch of a usage_metrics source) → silver.usage_metrics.
-- Grain: one row per (date or billing period) × metric × keys (customer, product, feature, team, env,
-- namespace): the contract upserts by these key columns, so of a key delivered in several files the latest
-- file (then the latest record) wins. A metric delivered per billing period has no usage_date.
with source as (

    -- the contract's upsert key of these rows
    select *, struct(date, billing_period, metric, customer, product, feature, team, env, namespace) as delivery_key from bronze_batch

),

@include blocks/latest_delivery.sql,

final as (

    select
        date as usage_date,
        metric,
        cast(quantity as decimal(38, 10)) as quantity,
        customer,
        product,
        feature,
        team,
        env,
        namespace,
        _source as x_Source,
        billing_period
    from latest

)

select * from final
