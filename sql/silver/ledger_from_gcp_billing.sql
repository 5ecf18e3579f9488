-- ledger_from_gcp_billing: Google Cloud billing export rows (standard or detailed) → the ledger's base columns.
-- Grain: one line per bronze row without _error (view bronze_batch), plus one Credit line per element of
-- its credits array (sustained use, committed use, promotions, free tier…), so no credit is lost:
--   the row      BilledCost = EffectiveCost = cost (before credits), ChargeCategory from cost_type
--   each credit  BilledCost = EffectiveCost = credit amount (negative), ChargeCategory Credit, same
--                service / SKU / project / labels / model as its row, no quantity
-- Invariant: sum(BilledCost) per invoice month = Σ cost + Σ credits.amount of the export.
-- A credit line's x_SourceChecksum is the file checksum plus /credit/<position>, so its x_LedgerId is
-- unique and stable. Billing periods follow invoice.month; GCP invoice months are Pacific time.
with source as (

    select * from bronze_batch

),

parsed as (

    select
        *,
        coalesce(
            from_json(credits, 'array<struct<name: string, amount: decimal(38, 18), full_name: string, id: string, type: string>>'),
            cast(array() as array<struct<name: string, amount: decimal(38, 18), full_name: string, id: string, type: string>>)
        ) as credit_list,
        -- labels arrive as [{key, value}] (the export's schema) or, from some tools, as one JSON object
        case
            when labels is null then cast(array() as array<struct<key: string, value: string>>)
            when ltrim(labels) like '{%' then map_entries(from_json(labels, 'map<string, string>'))
            else from_json(labels, 'array<struct<key: string, value: string>>')
        end as resource_labels,
        case
            when project_labels is null then cast(array() as array<struct<key: string, value: string>>)
            when ltrim(project_labels) like '{%' then map_entries(from_json(project_labels, 'map<string, string>'))
            else from_json(project_labels, 'array<struct<key: string, value: string>>')
        end as inherited_labels,
        make_date(cast(substr(invoice_month, 1, 4) as int), cast(substr(invoice_month, 5, 2) as int), 1) as invoice_start,
        (
            service_description in ('Vertex AI', 'Gemini API', 'Generative Language API', 'Vertex AI API')
            or lower(service_description) rlike 'claude|sonnet|opus|haiku'
        ) as is_ai
    from source

),

labelled as (

    select
        *,
        -- a resource's own label wins over its project's
        map_from_entries(
            concat(
                filter(
                    coalesce(inherited_labels, cast(array() as array<struct<key: string, value: string>>)),
                    p -> not array_contains(transform(coalesce(resource_labels, cast(array() as array<struct<key: string, value: string>>)), l -> l.key), p.key)
                ),
                coalesce(resource_labels, cast(array() as array<struct<key: string, value: string>>))
            )
        ) as tag_map
    from parsed

),

lines as (

    select labelled.*, cast(null as int) as credit_pos, cast(null as struct<name: string, amount: decimal(38, 18), full_name: string, id: string, type: string>) as credit
    from labelled

    union all

    select labelled.*, c.pos as credit_pos, c.credit
    from labelled
    lateral view posexplode(credit_list) c as pos, credit

),

final as (

    select
        case when credit is null then cost else credit.amount end as BilledCost,
        case when credit is null then cost else credit.amount end as EffectiveCost,
        case when credit is null then cost_at_list end as ListCost,
        cast(null as decimal(38, 18)) as ContractedCost,
        upper(currency) as BillingCurrency,
        billing_account_id as BillingAccountId,
        cast(null as string) as BillingAccountName,
        project_id as SubAccountId,
        project_name as SubAccountName,
        to_utc_timestamp(to_timestamp(invoice_start), 'America/Los_Angeles') as BillingPeriodStart,
        to_utc_timestamp(to_timestamp(add_months(invoice_start, 1)), 'America/Los_Angeles') as BillingPeriodEnd,
        case
            when credit is not null then 'Credit'
            when lower(cost_type) = 'tax' then 'Tax'
            when lower(cost_type) in ('adjustment', 'rounding_error') then 'Adjustment'
            else 'Usage'
        end as ChargeCategory,
        case when credit is null and adjustment_info is not null and adjustment_info not in ('{}', 'null') then 'Correction' end as ChargeClass,
        case
            when credit is not null then concat_ws(': ', credit.type, coalesce(credit.full_name, credit.name))
            else sku_description
        end as ChargeDescription,
        'Usage-Based' as ChargeFrequency,
        usage_start_time as ChargePeriodStart,
        usage_end_time as ChargePeriodEnd,
        case when transaction_type like 'THIRD_PARTY%' then seller_name else 'Google Cloud' end as ServiceProviderName,
        'Google Cloud' as HostProviderName,
        'Google' as InvoiceIssuerName,
        cast(null as string) as InvoiceId,
        service_description as ServiceName,
        case when is_ai then 'AI and Machine Learning' end as ServiceCategory,
        cast(null as string) as ServiceSubcategory,
        coalesce(location_region, location_location) as RegionId,
        coalesce(resource_global_name, resource_name) as ResourceId,
        resource_name as ResourceName,
        cast(null as string) as ResourceType,
        sku_id as SkuId,
        cast(null as string) as SkuPriceId,
        sku_description as SkuMeter,
        case when credit is null and coalesce(lower(cost_type), 'regular') = 'regular' then usage_amount end as ConsumedQuantity,
        case when credit is null and coalesce(lower(cost_type), 'regular') = 'regular' then usage_unit end as ConsumedUnit,
        case when credit is null and coalesce(lower(cost_type), 'regular') = 'regular' then usage_amount_in_pricing_units end as PricingQuantity,
        case when credit is null and coalesce(lower(cost_type), 'regular') = 'regular' then usage_pricing_unit end as PricingUnit,
        case
            when credit is not null then null
            when exists(credit_list, x -> x.type like 'COMMITTED_USAGE_DISCOUNT%') then 'Committed'
            else 'Standard'
        end as PricingCategory,
        case when credit.type like 'COMMITTED_USAGE_DISCOUNT%' then credit.id end as CommitmentDiscountId,
        case when credit.type like 'COMMITTED_USAGE_DISCOUNT%' then 'Committed Use Discount' end as CommitmentDiscountType,
        case when credit.type like 'COMMITTED_USAGE_DISCOUNT%' then 'Used' end as CommitmentDiscountStatus,
        tag_map as Tags,
        _source as x_Source,
        'gcp_billing' as x_SourceType,
        _file as x_SourceFile,
        _row as x_SourceRow,
        case when credit is null then _checksum else concat(_checksum, '/credit/', cast(credit_pos as string)) end as x_SourceChecksum,
        _ingest_id as x_IngestId,
        'Google' as x_ProviderIssuer,
        'Google Cloud' as x_ProviderSeller,
        project_id as x_ProviderAccount,
        -- Vertex AI and Gemini API SKUs name model and token kind (Gemini 2.5 Flash GA Text Input - Predictions)
        case when is_ai then sku_description end as x_ModelRaw,
        cast(null as string) as x_ModelHint,
        cast(null as string) as x_PublisherHint,
        cast(null as string) as x_TokenTypeHint,
        billing_period
    from lines

)

select * from final
