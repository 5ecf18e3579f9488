-- ledger: the source-specific base columns (view ledger_base) → silver.ledger.
-- Grain: one row per cost line; unique key x_LedgerId (stable across runs: source, file checksum, record).
-- Resolves canonical provider, model, token type and token count, the contract's tag keys, and the
-- reporting-currency amounts. Reference views: provider_aliases, model_aliases, fx_rates,
-- tag_key_aliases, tag_value_aliases. Parameter :reporting_currency.
-- Model strings are matched against the alias patterns once per distinct string, then joined back.
with base as (

    select * from ledger_base

),

provider_spellings as (

    select lower(trim(spelling)) as spelling, provider from provider_aliases

),

with_provider as (

    select
        base.*,
        coalesce(
            issuer.provider,
            seller.provider,
            lower(trim(base.x_ProviderIssuer)),
            lower(trim(base.x_ProviderSeller))
        ) as x_Provider
    from base
    left join provider_spellings as issuer on issuer.spelling = lower(trim(base.x_ProviderIssuer))
    left join provider_spellings as seller on seller.spelling = lower(trim(base.x_ProviderSeller))

),

model_strings as (

    select distinct x_Provider as provider, x_ModelRaw as model_raw from with_provider where x_ModelRaw is not null

),

@include blocks/model_matches.sql,

tag_key_map as (

    select map_from_entries(collect_list(struct(concat(provider, '|', lower(their_key)), contract_key))) as key_map
    from tag_key_aliases

),

tag_value_map as (

    select map_from_entries(collect_list(struct(concat(contract_key, '|', lower(their_value)), contract_value))) as value_map
    from tag_value_aliases

),

resolved as (

    select
        w.*,
        m.model as alias_model,
        m.token_type as alias_token_type,
        m.unit_multiplier as alias_unit_multiplier,
        m.publisher as alias_publisher,
        -- tag keys as the contract names them: configured aliases, else the key lower-cased without AWS's user: prefix
        map_from_entries(
            transform(
                map_entries(coalesce(w.Tags, cast(map() as map<string, string>))),
                e -> struct(
                    coalesce(
                        element_at(k.key_map, concat(w.x_Provider, '|', lower(e.key))),
                        element_at(k.key_map, concat('*|', lower(e.key))),
                        lower(regexp_replace(e.key, '^user:', ''))
                    ) as key,
                    e.value as value
                )
            )
        ) as contract_tags,
        v.value_map,
        fx.rate as fx_rate
    from with_provider as w
    left join model_matches as m
        on m.provider = w.x_Provider and m.model_raw = w.x_ModelRaw
    left join fx_rates as fx
        on fx.currency = w.BillingCurrency and fx.billing_period = w.billing_period
    cross join tag_key_map as k
    cross join tag_value_map as v

),

enriched as (

    select
        *,
        coalesce(alias_model, lower(x_ModelHint)) as x_Model,
        coalesce(x_TokenTypeHint, alias_token_type) as x_TokenType,
        coalesce(
            case
                when lower(ConsumedUnit) rlike '^1 ?k( tokens?)?$' then 1000
                when lower(ConsumedUnit) rlike '^(1 ?m|1000000)( tokens?)?$' then 1000000
                when lower(ConsumedUnit) in ('token', 'tokens', 'count') then 1
            end,
            alias_unit_multiplier,
            1
        ) as tokens_per_unit,
        case when BillingCurrency = :reporting_currency then cast(1 as decimal(24, 12)) else cast(fx_rate as decimal(24, 12)) end as rate
    from resolved

),

final as (

    select
        *,
        sha2(concat_ws('|', x_Source, x_SourceChecksum, cast(x_SourceRow as string)), 256) as x_LedgerId,
        coalesce(x_PublisherHint, alias_publisher) as x_ModelPublisher,
        case
            when x_Model is not null and x_TokenType is not null
                then cast(round(ConsumedQuantity * tokens_per_unit) as bigint)
        end as x_Tokens,
        lower(coalesce(element_at(value_map, concat('env|', lower(contract_tags['env']))), contract_tags['env'])) as x_Env,
        lower(coalesce(element_at(value_map, concat('workload|', lower(contract_tags['workload']))), contract_tags['workload'])) as x_Workload,
        coalesce(element_at(value_map, concat('product|', lower(contract_tags['product']))), contract_tags['product']) as x_Product,
        coalesce(element_at(value_map, concat('feature|', lower(contract_tags['feature']))), contract_tags['feature']) as x_Feature,
        coalesce(element_at(value_map, concat('team|', lower(contract_tags['team']))), contract_tags['team']) as x_Team,
        coalesce(element_at(value_map, concat('customer|', lower(contract_tags['customer']))), contract_tags['customer']) as x_Customer,
        lower(contract_tags['delivery']) = 'true' as x_Delivery,
        :reporting_currency as x_ReportingCurrency,
        rate as x_FxRate,
        -- DECIMAL(32,18) x DECIMAL(24,12) keeps 11 decimals (rates up to 10^12: IDR, VND); rounded half-even
        -- to 10. An amount or rate too large gives null, which `checked` below turns into an error.
        cast(bround(cast(BilledCost as decimal(32, 18)) * rate, 10) as decimal(38, 10)) as billed_cost_converted,
        cast(bround(cast(EffectiveCost as decimal(32, 18)) * rate, 10) as decimal(38, 10)) as effective_cost_converted
    from enriched

),

checked as (

    -- arithmetic never nulls silently: a cost that cannot be converted stops the run, named (the table
    -- keeps its own columns only: the *_converted helpers are not written)
    select
        *,
        case
            when BilledCost is not null and billed_cost_converted is null then raise_error(format_string(
                'silver.ledger: BilledCost %s %s of %s row %s, period %s, cannot be converted to %s at rate %s (overflow or no rate)',
                cast(BilledCost as string), BillingCurrency, x_SourceFile, cast(x_SourceRow as string), billing_period,
                :reporting_currency, coalesce(cast(rate as string), 'none')))
            else billed_cost_converted
        end as x_BilledCostReporting,
        case
            when EffectiveCost is not null and effective_cost_converted is null then raise_error(format_string(
                'silver.ledger: EffectiveCost %s %s of %s row %s, period %s, cannot be converted to %s at rate %s (overflow or no rate)',
                cast(EffectiveCost as string), BillingCurrency, x_SourceFile, cast(x_SourceRow as string), billing_period,
                :reporting_currency, coalesce(cast(rate as string), 'none')))
            else effective_cost_converted
        end as x_EffectiveCostReporting
    from final

)

select * from checked
