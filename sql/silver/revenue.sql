-- revenue: bronze revenue rows (view bronze_batch) → silver.revenue.
-- Grain: one row per billing period x customer x product x stream (the key the contract upserts by: a later
-- record of the same key wins). Money as delivered plus the reporting currency at the period's rate.
with source as (

    -- the contract's upsert key of these rows
    select *, struct(billing_period, customer, product, nullif(lower(trim(stream)), '')) as delivery_key from bronze_batch

),

@include blocks/latest_delivery.sql,

converted as (

    select
        customer,
        product,
        lower(plan) as plan,
        nullif(lower(trim(stream)), '') as stream,
        revenue,
        upper(latest.currency) as currency,
        -- DECIMAL(32,18) x DECIMAL(24,12) keeps 11 decimals (rates up to 10^12: IDR, VND); an overflow is null
        cast(bround(cast(revenue as decimal(32, 18)) * case when upper(latest.currency) = :reporting_currency then cast(1 as decimal(24, 12))
                                   else cast(fx.rate as decimal(24, 12)) end, 10) as decimal(38, 10)) as revenue_reporting,
        fx.rate as fx_rate,
        latest._source as x_Source,
        latest.billing_period
    from latest
    left join fx_rates as fx
        on fx.currency = upper(latest.currency) and fx.billing_period = latest.billing_period

),

final as (

    -- arithmetic never nulls silently: revenue that cannot be converted stops the run, named
    select
        customer, product, plan, stream, revenue, currency,
        case
            when revenue is not null and revenue_reporting is null then raise_error(format_string(
                'silver.revenue: revenue %s %s of customer %s, period %s, cannot be converted to %s at rate %s (overflow or no rate)',
                cast(revenue as string), currency, customer, billing_period, :reporting_currency, coalesce(cast(fx_rate as string), 'none')))
            else revenue_reporting
        end as revenue_reporting,
        x_Source, billing_period
    from converted

)

select * from final
