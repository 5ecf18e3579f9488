-- usage_metrics: other allocation drivers (view bronze_batch of a usage_metrics source) → silver.usage_metrics.
-- Grain: one row per (date or billing period) × metric × keys (customer, product, feature, team, env,
-- namespace): the contract upserts by these key columns, so of a key delivered in several files the latest
-- file (then the latest record) wins. A metric delivered per billing period has no usage_date.
with source as (

    select * from bronze_batch

),

latest as (

    select *
    from (
        select
            *,
            row_number() over (
                partition by date, billing_period, metric, customer, product, feature, team, env, namespace
                order by _delivered_at desc, _file desc, _row desc
            ) as newest_first
        from source
    )
    where newest_first = 1

),

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
