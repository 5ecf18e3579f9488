-- ledger_from_openai_costs: OpenAI Admin API cost results (view bronze_batch) → the ledger's base columns.
-- Grain: one row per (bucket start, bucket end, line_item, project_id, api_key_id): the contract upserts the
-- API report types by bucket and group-by fields, so of a key delivered in several files the latest delivery
-- (first ingested last, silver.ingest_log; then the greater file name and record) wins. Amounts are dollars as delivered (decimals, never doubles).
-- line_item reads "<tier> | <model snapshot>[ modality], <token type>[, qualifiers]" ("gpt-4o-2024-08-06,
-- cached input"); a line item without ", " is a tool or storage charge and names no model.
with source as (

    -- the contract's upsert key of these rows
    select *, struct(bucket_start, bucket_end, line_item, project_id, api_key_id) as delivery_key from bronze_batch

),

@include blocks/latest_delivery.sql,

parsed as (

    select
        *,
        -- without a "tier | " prefix
        trim(regexp_replace(line_item, '^[^|,]*\\|', '')) as item
    from latest

),

split as (

    select
        *,
        case when instr(item, ', ') > 0 then trim(substring(item, 1, instr(item, ', ') - 1)) end as item_model,
        case when instr(item, ', ') > 0 then lower(trim(substring(item, instr(item, ', ') + 2))) end as item_kind
    from parsed

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
        project_id as SubAccountId,
        cast(null as string) as SubAccountName,
        cast(date_trunc('MONTH', bucket_start) as timestamp) as BillingPeriodStart,
        cast(add_months(date_trunc('MONTH', bucket_start), 1) as timestamp) as BillingPeriodEnd,
        'Usage' as ChargeCategory,
        cast(null as string) as ChargeClass,
        line_item as ChargeDescription,
        'Usage-Based' as ChargeFrequency,
        bucket_start as ChargePeriodStart,
        bucket_end as ChargePeriodEnd,
        'OpenAI' as ServiceProviderName,
        'OpenAI' as HostProviderName,
        'OpenAI' as InvoiceIssuerName,
        cast(null as string) as InvoiceId,
        'OpenAI API' as ServiceName,
        'AI and Machine Learning' as ServiceCategory,
        'Generative AI' as ServiceSubcategory,
        cast(null as string) as RegionId,
        project_id as ResourceId,
        cast(null as string) as ResourceName,
        cast(null as string) as ResourceType,
        line_item as SkuId,
        cast(null as string) as SkuPriceId,
        line_item as SkuMeter,
        quantity as ConsumedQuantity,
        case lower(quantity_unit) when '1000_tokens' then '1K tokens' else quantity_unit end as ConsumedUnit,
        quantity as PricingQuantity,
        quantity_unit as PricingUnit,
        'Standard' as PricingCategory,
        cast(null as string) as CommitmentDiscountId,
        cast(null as string) as CommitmentDiscountType,
        cast(null as string) as CommitmentDiscountStatus,
        -- the project and key as tag keys, so tags.aliases / tags.values can map them to product, team, customer…
        map_filter(map('project_id', project_id, 'api_key_id', api_key_id), (k, v) -> v is not null) as Tags,
        _source as x_Source,
        'openai_costs' as x_SourceType,
        _file as x_SourceFile,
        _row as x_SourceRow,
        _checksum as x_SourceChecksum,
        _ingest_id as x_IngestId,
        'OpenAI' as x_ProviderIssuer,
        'OpenAI' as x_ProviderSeller,
        project_id as x_ProviderAccount,
        -- the snapshot without a modality word ("gpt-audio-mini-2025-12-15 audio" → "gpt-audio-mini-2025-12-15")
        regexp_replace(item_model, '\\s+(audio|text|image)$', '') as x_ModelRaw,
        -- a model no alias knows: the snapshot without its date
        lower(regexp_replace(regexp_replace(item_model, '\\s+(audio|text|image)$', ''), '-\\d{4}-\\d{2}-\\d{2}$', '')) as x_ModelHint,
        case when item_model is not null then 'openai' end as x_PublisherHint,
        case
            when item_kind like 'cached input%' or item_kind like 'cache read%' then 'cache_read'
            when item_kind like 'cache write%' or item_kind like 'cached write%' or item_kind like 'input cache write%' then 'cache_write'
            when item_kind like 'input%' then 'input'
            when item_kind like 'output%' then 'output'
        end as x_TokenTypeHint,
        billing_period
    from split

)

select * from final
