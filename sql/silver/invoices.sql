-- invoices: bronze invoice rows (view bronze_batch) → silver.invoices.
-- Grain: one row per billing period x provider x invoice_id (a later record of the same key wins);
-- provider as x_Provider (through the provider aliases).
with source as (

    select * from bronze_batch

),

latest as (

    select *
    from (
        select
            *,
            row_number() over (partition by billing_period, lower(provider), invoice_id order by _delivered_at desc, _file desc, _row desc) as newest_first
        from source
    )
    where newest_first = 1

),

final as (

    select
        coalesce(alias.provider, lower(trim(latest.provider))) as provider,
        invoice_id,
        upper(latest.currency) as currency,
        total,
        cast(bround(total * case when upper(latest.currency) = :reporting_currency then cast(1 as decimal(14, 10))
                                 else cast(fx.rate as decimal(14, 10)) end, 10) as decimal(38, 10)) as total_reporting,
        latest._source as x_Source,
        latest.billing_period
    from latest
    left join provider_aliases as alias
        on lower(trim(alias.spelling)) = lower(trim(latest.provider))
    left join fx_rates as fx
        on fx.currency = upper(latest.currency) and fx.billing_period = latest.billing_period

)

select * from final
