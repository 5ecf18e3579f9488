-- ledger_from_anthropic_costs: Anthropic Admin API cost report results (view bronze_batch) → the ledger's
-- base columns. Grain: one row per (bucket start, bucket end, workspace, description, model, token type,
-- cost type, service tier, context window, inference geo, speed): of a key delivered in several files the
-- latest file (then the latest record) wins. amount_cents is cents as delivered; dollars = cents × 0.01,
-- exact (DECIMAL(30,12) × DECIMAL(3,2) keeps 14 decimals). A null workspace_id is the Default workspace.
with source as (

    -- the contract's upsert key of these rows
    select *, struct(bucket_start, bucket_end, workspace_id, description, model, token_type, cost_type, service_tier, context_window, inference_geo, speed) as delivery_key from bronze_batch

),

@include blocks/latest_delivery.sql,

dollars as (

    select *, cast(amount_cents * cast(0.01 as decimal(3, 2)) as decimal(38, 18)) as amount
    from latest

),

final as (

    select
        amount as BilledCost,
        amount as EffectiveCost,
        amount as ListCost,
        cast(null as decimal(38, 18)) as ContractedCost,
        upper(BillingCurrency) as BillingCurrency,
        cast(null as string) as BillingAccountId,
        cast(null as string) as BillingAccountName,
        workspace_id as SubAccountId,
        cast(null as string) as SubAccountName,
        cast(date_trunc('MONTH', bucket_start) as timestamp) as BillingPeriodStart,
        cast(add_months(date_trunc('MONTH', bucket_start), 1) as timestamp) as BillingPeriodEnd,
        'Usage' as ChargeCategory,
        cast(null as string) as ChargeClass,
        description as ChargeDescription,
        'Usage-Based' as ChargeFrequency,
        bucket_start as ChargePeriodStart,
        bucket_end as ChargePeriodEnd,
        'Anthropic' as ServiceProviderName,
        'Anthropic' as HostProviderName,
        'Anthropic' as InvoiceIssuerName,
        cast(null as string) as InvoiceId,
        'Claude API' as ServiceName,
        'AI and Machine Learning' as ServiceCategory,
        'Generative AI' as ServiceSubcategory,
        inference_geo as RegionId,
        workspace_id as ResourceId,
        cast(null as string) as ResourceName,
        cast(null as string) as ResourceType,
        description as SkuId,
        cast(null as string) as SkuPriceId,
        token_type as SkuMeter,
        cast(null as decimal(38, 18)) as ConsumedQuantity,
        cast(null as string) as ConsumedUnit,
        cast(null as decimal(38, 18)) as PricingQuantity,
        cast(null as string) as PricingUnit,
        case when service_tier = 'batch' then 'Other' else 'Standard' end as PricingCategory,
        cast(null as string) as CommitmentDiscountId,
        cast(null as string) as CommitmentDiscountType,
        cast(null as string) as CommitmentDiscountStatus,
        map_filter(map('workspace_id', workspace_id, 'cost_type', cost_type, 'service_tier', service_tier), (k, v) -> v is not null) as Tags,
        _source as x_Source,
        'anthropic_costs' as x_SourceType,
        _file as x_SourceFile,
        _row as x_SourceRow,
        _checksum as x_SourceChecksum,
        _ingest_id as x_IngestId,
        'Anthropic' as x_ProviderIssuer,
        'Anthropic' as x_ProviderSeller,
        workspace_id as x_ProviderAccount,
        model as x_ModelRaw,
        lower(regexp_replace(model, '-\\d{8}$', '')) as x_ModelHint,
        case when model is not null then 'anthropic' end as x_PublisherHint,
        case
            when token_type = 'uncached_input_tokens' then 'input'
            when token_type = 'cache_read_input_tokens' then 'cache_read'
            when token_type like 'cache_creation%' then 'cache_write'
            when token_type = 'output_tokens' then 'output'
        end as x_TokenTypeHint,
        billing_period
    from dollars

)

select * from final
