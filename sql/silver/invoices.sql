-- invoices: bronze invoice rows (view bronze_batch) → silver.invoices.
-- Grain: one row per billing period x provider x invoice_id (a later record of the same key wins);
-- provider as x_Provider (through the provider aliases).
with source as (

    -- the contract's upsert key of these rows
    select *, struct(billing_period, lower(provider), invoice_id) as delivery_key from bronze_batch

),

@include blocks/latest_delivery.sql,

converted as (

    select
        coalesce(alias.provider, lower(trim(latest.provider))) as provider,
        invoice_id,
        upper(latest.currency) as currency,
        total,
        -- DECIMAL(32,18) x DECIMAL(24,12) keeps 11 decimals (rates up to 10^12: IDR, VND); an overflow is null
        cast(bround(cast(total as decimal(32, 18)) * case when upper(latest.currency) = :reporting_currency then cast(1 as decimal(24, 12))
                                 else cast(fx.rate as decimal(24, 12)) end, 10) as decimal(38, 10)) as total_reporting,
        fx.rate as fx_rate,
        latest._source as x_Source,
        latest.billing_period
    from latest
    left join provider_aliases as alias
        on lower(trim(alias.spelling)) = lower(trim(latest.provider))
    left join fx_rates as fx
        on fx.currency = upper(latest.currency) and fx.billing_period = latest.billing_period

),

final as (

    -- arithmetic never nulls silently: a total that cannot be converted stops the run, named
    select
        provider, invoice_id, currency, total,
        case
            when total is not null and total_reporting is null then raise_error(format_string(
                'silver.invoices: total %s %s of invoice %s, period %s, cannot be converted to %s at rate %s (overflow or no rate)',
                cast(total as string), currency, invoice_id, billing_period, :reporting_currency, coalesce(cast(fx_rate as string), 'none')))
            else total_reporting
        end as total_reporting,
        x_Source, billing_period
    from converted

)

select * from final
