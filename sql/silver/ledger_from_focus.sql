-- ledger_from_focus: FOCUS rows (1.0–1.3, any provider) → the ledger's base columns.
-- Grain: one row per bronze row without _error (view bronze_batch). Names as delivered are kept in
-- x_ProviderIssuer / x_ProviderSeller / x_ModelRaw and resolved to canonical values by ledger.sql.
with source as (

    select * from bronze_batch

),

parsed as (

    select
        *,
        -- Tags arrive as a JSON object, or in Azure's brace-less form "k": "v","k2": "v2"
        case
            when Tags is null then cast(null as map<string, string>)
            when ltrim(Tags) like '{%' then from_json(Tags, 'map<string, string>')
            else from_json(concat('{', Tags, '}'), 'map<string, string>')
        end as tag_map,
        from_json(SkuPriceDetails, 'map<string, string>') as price_details
    from source

),

final as (

    select
        BilledCost,
        EffectiveCost,
        ListCost,
        ContractedCost,
        upper(BillingCurrency) as BillingCurrency,
        BillingAccountId,
        BillingAccountName,
        SubAccountId,
        SubAccountName,
        BillingPeriodStart,
        BillingPeriodEnd,
        -- Real exports are not always in the spec's case (the FOCUS sample has one such Oracle row)
        case lower(ChargeCategory)
            when 'usage' then 'Usage'
            when 'purchase' then 'Purchase'
            when 'tax' then 'Tax'
            when 'credit' then 'Credit'
            when 'adjustment' then 'Adjustment'
            else ChargeCategory
        end as ChargeCategory,
        ChargeClass,
        ChargeDescription,
        ChargeFrequency,
        ChargePeriodStart,
        ChargePeriodEnd,
        -- 1.3 renamed ProviderName to ServiceProviderName
        coalesce(ServiceProviderName, ProviderName) as ServiceProviderName,
        HostProviderName,
        InvoiceIssuerName,
        InvoiceId,
        ServiceName,
        ServiceCategory,
        ServiceSubcategory,
        RegionId,
        ResourceId,
        ResourceName,
        ResourceType,
        SkuId,
        SkuPriceId,
        SkuMeter,
        ConsumedQuantity,
        ConsumedUnit,
        PricingQuantity,
        PricingUnit,
        PricingCategory,
        CommitmentDiscountId,
        CommitmentDiscountType,
        CommitmentDiscountStatus,
        tag_map as Tags,
        _source as x_Source,
        'focus' as x_SourceType,
        _file as x_SourceFile,
        _row as x_SourceRow,
        _checksum as x_SourceChecksum,
        _ingest_id as x_IngestId,
        InvoiceIssuerName as x_ProviderIssuer,
        coalesce(ServiceProviderName, ProviderName) as x_ProviderSeller,
        SubAccountId as x_ProviderAccount,
        -- The string naming the model: the AI-billing SkuPriceDetails, AWS usage type, Azure meter, GCP SKU
        coalesce(
            price_details['ModelId'],
            _extra['x_UsageType'],
            _extra['x_SkuMeterName'],
            case when ServiceCategory = 'AI and Machine Learning' then ChargeDescription end
        ) as x_ModelRaw,
        price_details['ModelId'] as x_ModelHint,
        lower(price_details['ModelDeveloper']) as x_PublisherHint,
        case
            when lower(price_details['TokenCacheAction']) = 'read' then 'cache_read'
            when lower(price_details['TokenCacheAction']) = 'write' then 'cache_write'
            when lower(coalesce(price_details['TokenDirection'], price_details['TokenType'])) = 'input' then 'input'
            when lower(coalesce(price_details['TokenDirection'], price_details['TokenType'])) = 'output' then 'output'
            when lower(SkuMeter) like '%cache read%' then 'cache_read'
            when lower(SkuMeter) like '%cache write%' then 'cache_write'
            when lower(SkuMeter) like '%input token%' then 'input'
            when lower(SkuMeter) like '%output token%' then 'output'
        end as x_TokenTypeHint,
        billing_period
    from parsed

)

select * from final
