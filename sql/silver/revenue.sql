-- revenue: bronze revenue rows (view bronze_batch) → silver.revenue.
-- Grain: one row per billing period x customer x product (the key the contract upserts by: a later
-- record of the same key wins). Money as delivered plus the reporting currency at the period's rate.
with source as (

    select * from bronze_batch

),

latest as (

    select *
    from (
        select
            *,
            row_number() over (partition by billing_period, customer, product order by _delivered_at desc, _file desc, _row desc) as newest_first
        from source
    )
    where newest_first = 1

),

final as (

    select
        customer,
        product,
        lower(plan) as plan,
        revenue,
        upper(latest.currency) as currency,
        cast(bround(revenue * case when upper(latest.currency) = :reporting_currency then cast(1 as decimal(14, 10))
                                   else cast(fx.rate as decimal(14, 10)) end, 10) as decimal(38, 10)) as revenue_reporting,
        latest._source as x_Source,
        latest.billing_period
    from latest
    left join fx_rates as fx
        on fx.currency = upper(latest.currency) and fx.billing_period = latest.billing_period

)

select * from final
