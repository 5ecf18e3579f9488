-- ledger_from_mapped_csv: a vendor's own export, its columns already mapped to ledger columns by the
-- source's configuration and typed by the reader (view bronze_batch) → the ledger's base columns.
-- Grain: one row per bronze row without _error. The files of a source and period are that period's
-- delivery (they replace the previous one, as the cloud bills do), so no row is de-duplicated here.
-- The configured provider is the issuer, seller and ServiceProviderName; ledger.sql resolves x_Provider,
-- the model (x_Model through the alias table), the tags (customer, env, workload…) and the reporting currency.
with source as (

    select * from bronze_batch

),

parsed as (

    select
        *,
        from_json(Tags, 'map<string, string>') as tag_map,
        lower(trim(x_TokenType)) as token_type_text
    from source

),

final as (

    select
        BilledCost,
        EffectiveCost,
        ListCost,
        cast(null as decimal(38, 18)) as ContractedCost,
        upper(BillingCurrency) as BillingCurrency,
        cast(null as string) as BillingAccountId,
        cast(null as string) as BillingAccountName,
        SubAccountId,
        cast(null as string) as SubAccountName,
        cast(to_date(concat(billing_period, '-01')) as timestamp) as BillingPeriodStart,
        cast(add_months(to_date(concat(billing_period, '-01')), 1) as timestamp) as BillingPeriodEnd,
        -- a file that names no category bills usage; the FOCUS names in their case otherwise
        case lower(coalesce(ChargeCategory, 'usage'))
            when 'usage' then 'Usage'
            when 'purchase' then 'Purchase'
            when 'tax' then 'Tax'
            when 'credit' then 'Credit'
            when 'adjustment' then 'Adjustment'
            else ChargeCategory
        end as ChargeCategory,
        cast(null as string) as ChargeClass,
        ChargeDescription,
        'Usage-Based' as ChargeFrequency,
        ChargePeriodStart,
        ChargePeriodEnd,
        Provider as ServiceProviderName,
        Provider as HostProviderName,
        Provider as InvoiceIssuerName,
        InvoiceId,
        ServiceName,
        ServiceCategory,
        cast(null as string) as ServiceSubcategory,
        RegionId,
        ResourceId,
        ResourceName,
        cast(null as string) as ResourceType,
        SkuId,
        cast(null as string) as SkuPriceId,
        cast(null as string) as SkuMeter,
        ConsumedQuantity,
        ConsumedUnit,
        ConsumedQuantity as PricingQuantity,
        ConsumedUnit as PricingUnit,
        'Standard' as PricingCategory,
        cast(null as string) as CommitmentDiscountId,
        cast(null as string) as CommitmentDiscountType,
        cast(null as string) as CommitmentDiscountStatus,
        tag_map as Tags,
        _source as x_Source,
        'mapped_csv' as x_SourceType,
        _file as x_SourceFile,
        _row as x_SourceRow,
        _checksum as x_SourceChecksum,
        _ingest_id as x_IngestId,
        Provider as x_ProviderIssuer,
        Provider as x_ProviderSeller,
        SubAccountId as x_ProviderAccount,
        x_Model as x_ModelRaw,
        -- a model no alias knows keeps its name as the vendor wrote it, lower-cased
        x_Model as x_ModelHint,
        cast(null as string) as x_PublisherHint,
        -- the contract's token types, not overlapping; other words leave the type to the alias table
        case
            when token_type_text in ('input', 'prompt', 'input_tokens', 'prompt_tokens', 'uncached_input') then 'input'
            when token_type_text in ('output', 'completion', 'output_tokens', 'completion_tokens') then 'output'
            when token_type_text in ('cache_read', 'cached_input', 'cache_read_input_tokens', 'cached_tokens') then 'cache_read'
            when token_type_text in ('cache_write', 'cache_creation', 'cache_creation_input_tokens') then 'cache_write'
        end as x_TokenTypeHint,
        billing_period
    from parsed

)

select * from final
