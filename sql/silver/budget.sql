-- budget: bronze budget rows (view bronze_batch) → silver.budget.
-- Grain: one row per billing period x provider x product x feature x team x pnl_category, each null when the
-- budget line covers any value (the key the contract upserts by: a later record of the same key wins).
-- Provider through the provider aliases (as the invoices); names trimmed and lower-cased (pnl_category upper-cased, as the rules name it), an empty cell is any.
-- Money as delivered plus the reporting currency at the period's rate.
with cells as (

    select
        *,
        nullif(lower(trim(provider)), '') as provider_name,
        nullif(lower(trim(product)), '') as product_name,
        nullif(lower(trim(feature)), '') as feature_name,
        nullif(lower(trim(team)), '') as team_name,
        nullif(upper(trim(pnl_category)), '') as pnl_category_name
    from bronze_batch

),

source as (

    -- the contract's upsert key of these rows
    select
        s.*,
        coalesce(alias.provider, s.provider_name) as budget_provider,
        struct(s.billing_period, coalesce(alias.provider, s.provider_name), s.product_name, s.feature_name, s.team_name, s.pnl_category_name)
            as delivery_key
    from cells as s
    left join provider_aliases as alias
        on lower(trim(alias.spelling)) = s.provider_name

),

@include blocks/latest_delivery.sql,

converted as (

    select
        budget_provider as provider,
        product_name as product,
        feature_name as feature,
        team_name as team,
        pnl_category_name as pnl_category,
        amount,
        upper(latest.currency) as currency,
        -- DECIMAL(32,18) x DECIMAL(24,12) keeps 11 decimals (rates up to 10^12: IDR, VND); an overflow is null
        cast(bround(cast(amount as decimal(32, 18)) * case when upper(latest.currency) = :reporting_currency then cast(1 as decimal(24, 12))
                                  else cast(fx.rate as decimal(24, 12)) end, 10) as decimal(38, 10)) as amount_reporting,
        fx.rate as fx_rate,
        latest._source as x_Source,
        latest.billing_period
    from latest
    left join fx_rates as fx
        on fx.currency = upper(latest.currency) and fx.billing_period = latest.billing_period

),

final as (

    -- arithmetic never nulls silently: an amount that cannot be converted stops the run, named
    select
        provider, product, feature, team, pnl_category, amount, currency,
        case
            when amount is not null and amount_reporting is null then raise_error(format_string(
                'silver.budget: amount %s %s of the budget line %s, period %s, cannot be converted to %s at rate %s (overflow or no rate)',
                cast(amount as string), currency,
                concat_ws('/', coalesce(provider, '*'), coalesce(product, '*'), coalesce(feature, '*'), coalesce(team, '*'), coalesce(pnl_category, '*')),
                billing_period, :reporting_currency, coalesce(cast(fx_rate as string), 'none')))
            else amount_reporting
        end as amount_reporting,
        x_Source, billing_period
    from converted

)

select * from final
