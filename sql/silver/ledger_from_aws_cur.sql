-- ledger_from_aws_cur: AWS CUR line items (CUR 2.0, legacy CUR CSV and Athena Parquet) → the ledger's base columns.
-- Grain: one row per bronze row without _error (view bronze_batch); every line item type is kept.
-- BilledCost is the unblended cost, as invoiced. EffectiveCost is the amortized cost as AWS's Cloud
-- Intelligence Dashboards compute it, so commitments are counted once:
--   SavingsPlanCoveredUsage  savings plan effective cost      SavingsPlanNegation    0
--   SavingsPlanRecurringFee  total commitment − used (unused)  SavingsPlanUpfrontFee  0
--   DiscountedUsage          reservation effective cost       RIFee  unused amortized upfront + unused recurring fee
--   Fee with a reservation   0 (the RI upfront payment)        anything else          unblended cost
-- Invariant: sum(BilledCost) per period = the report's sum of unblended cost.
with source as (

    select * from bronze_batch

),

parsed as (

    select
        *,
        from_json(product, 'map<string, string>') as product_map,
        -- CUR 2.0: one map (keys user_team, aws_createdBy…); legacy: one column per tag, kept in _extra.
        -- User-defined tags lose their user: / user_ prefix (so the tag aliases apply); AWS-generated keep aws:.
        case
            when resource_tags is not null
                then transform_keys(from_json(resource_tags, 'map<string, string>'), (k, v) -> regexp_replace(k, '^user_', ''))
            else transform_keys(
                map_filter(_extra, (k, v) -> k like 'resourceTags/%' or k like 'resource\\_tags\\_%'),
                (k, v) -> case
                    when k like 'resourceTags/%' then regexp_replace(substr(k, 14), '^user:', '')
                    else regexp_replace(substr(k, 15), '^user_', '')
                end)
        end as tag_map
    from source

),

classified as (

    select
        *,
        coalesce(product_product_name, product_map['product_name'], product_servicename, line_item_product_code) as service_name,
        (
            line_item_product_code = 'AmazonBedrock'
            or coalesce(product_product_family, product_map['product_family']) = 'Amazon Bedrock'
            or coalesce(product_product_name, product_map['product_name'], '') like '%Amazon Bedrock Edition%'
        ) as is_bedrock,
        nullif(savings_plan_savings_plan_a_r_n, '') as sp_arn,
        nullif(reservation_reservation_a_r_n, '') as ri_arn
    from parsed

),

final as (

    select
        line_item_unblended_cost as BilledCost,
        cast(
            case line_item_line_item_type
                when 'SavingsPlanCoveredUsage' then coalesce(savings_plan_savings_plan_effective_cost, 0)
                when 'SavingsPlanNegation' then 0
                when 'SavingsPlanUpfrontFee' then 0
                when 'SavingsPlanRecurringFee'
                    then coalesce(savings_plan_total_commitment_to_date, 0) - coalesce(savings_plan_used_commitment, 0)
                when 'DiscountedUsage' then coalesce(reservation_effective_cost, 0)
                when 'RIFee'
                    then coalesce(reservation_unused_amortized_upfront_fee_for_billing_period, 0) + coalesce(reservation_unused_recurring_fee, 0)
                when 'Fee' then case when ri_arn is not null then 0 else line_item_unblended_cost end
                else line_item_unblended_cost
            end as decimal(38, 18)
        ) as EffectiveCost,
        pricing_public_on_demand_cost as ListCost,
        cast(null as decimal(38, 18)) as ContractedCost,
        upper(line_item_currency_code) as BillingCurrency,
        bill_payer_account_id as BillingAccountId,
        bill_payer_account_name as BillingAccountName,
        line_item_usage_account_id as SubAccountId,
        line_item_usage_account_name as SubAccountName,
        bill_billing_period_start_date as BillingPeriodStart,
        bill_billing_period_end_date as BillingPeriodEnd,
        case line_item_line_item_type
            when 'Usage' then 'Usage'
            when 'DiscountedUsage' then 'Usage'
            when 'SavingsPlanCoveredUsage' then 'Usage'
            when 'SavingsPlanNegation' then 'Usage'
            when 'BundledDiscount' then 'Usage'
            when 'Discount' then 'Usage'
            when 'EdpDiscount' then 'Usage'
            when 'PrivateRateDiscount' then 'Usage'
            when 'DistributorDiscount' then 'Usage'
            when 'Fee' then 'Purchase'
            when 'RIFee' then 'Purchase'
            when 'SavingsPlanUpfrontFee' then 'Purchase'
            when 'SavingsPlanRecurringFee' then 'Purchase'
            when 'Tax' then 'Tax'
            when 'Credit' then 'Credit'
            when 'Refund' then 'Credit'
            else 'Adjustment'
        end as ChargeCategory,
        case when line_item_line_item_type = 'Refund' then 'Correction' end as ChargeClass,
        line_item_line_item_description as ChargeDescription,
        case line_item_line_item_type
            when 'Fee' then 'One-Time'
            when 'SavingsPlanUpfrontFee' then 'One-Time'
            when 'RIFee' then 'Recurring'
            when 'SavingsPlanRecurringFee' then 'Recurring'
            when 'Tax' then 'Recurring'
            else 'Usage-Based'
        end as ChargeFrequency,
        line_item_usage_start_date as ChargePeriodStart,
        line_item_usage_end_date as ChargePeriodEnd,
        -- FOCUS 1.3: the seller of a Marketplace line is its legal entity; AWS hosts and invoices it
        case when bill_billing_entity = 'AWS Marketplace' then line_item_legal_entity else 'AWS' end as ServiceProviderName,
        'AWS' as HostProviderName,
        bill_invoicing_entity as InvoiceIssuerName,
        bill_invoice_id as InvoiceId,
        service_name as ServiceName,
        case
            when is_bedrock then 'AI and Machine Learning'
            when line_item_product_code in (
                'AmazonSageMaker', 'AmazonQ', 'AmazonComprehend', 'AmazonRekognition', 'AmazonTextract',
                'AmazonTranscribe', 'AmazonPolly', 'AmazonTranslate', 'AmazonKendra') then 'AI and Machine Learning'
        end as ServiceCategory,
        cast(null as string) as ServiceSubcategory,
        coalesce(product_region_code, product_map['region_code'], product_map['region'], product_region) as RegionId,
        line_item_resource_id as ResourceId,
        cast(null as string) as ResourceName,
        cast(null as string) as ResourceType,
        product_sku as SkuId,
        pricing_rate_code as SkuPriceId,
        line_item_usage_type as SkuMeter,
        case when line_item_line_item_type <> 'Tax' then line_item_usage_amount end as ConsumedQuantity,
        case when line_item_line_item_type <> 'Tax' then pricing_unit end as ConsumedUnit,
        case when line_item_line_item_type <> 'Tax' then line_item_usage_amount end as PricingQuantity,
        case when line_item_line_item_type <> 'Tax' then pricing_unit end as PricingUnit,
        case
            when line_item_line_item_type in ('DiscountedUsage', 'SavingsPlanCoveredUsage') then 'Committed'
            when pricing_term = 'Spot' or line_item_usage_type like '%SpotUsage%' then 'Dynamic'
            when line_item_line_item_type = 'Usage' then 'Standard'
        end as PricingCategory,
        coalesce(sp_arn, ri_arn) as CommitmentDiscountId,
        case when sp_arn is not null then 'Savings Plan' when ri_arn is not null then 'Reserved Instance' end as CommitmentDiscountType,
        case when line_item_line_item_type in ('DiscountedUsage', 'SavingsPlanCoveredUsage') then 'Used' end as CommitmentDiscountStatus,
        tag_map as Tags,
        _source as x_Source,
        'aws_cur' as x_SourceType,
        _file as x_SourceFile,
        _row as x_SourceRow,
        _checksum as x_SourceChecksum,
        _ingest_id as x_IngestId,
        coalesce(bill_invoicing_entity, 'AWS') as x_ProviderIssuer,
        'AWS' as x_ProviderSeller,
        line_item_usage_account_id as x_ProviderAccount,
        -- Bedrock usage types name model and token kind (USE1-Claude4.5Sonnet-input-tokens); a Marketplace
        -- usage type (USW2-MP:USW2_InputTokenCount-Units) does not name the model: the product name is prepended.
        case
            when is_bedrock and line_item_usage_type like '%MP:%'
                then concat(coalesce(product_product_name, product_map['product_name'], ''), ' | ', line_item_usage_type)
            when is_bedrock then line_item_usage_type
        end as x_ModelRaw,
        cast(null as string) as x_ModelHint,
        lower(case when is_bedrock then product_map['provider'] end) as x_PublisherHint,
        cast(null as string) as x_TokenTypeHint,
        billing_period
    from classified

)

select * from final
