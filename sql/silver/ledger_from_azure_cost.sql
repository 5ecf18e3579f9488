-- ledger_from_azure_cost: Azure Cost Management export rows (EA and MCA, actual or amortized) → the ledger's base columns.
-- Grain: one row per bronze row without _error (view bronze_batch), except as Microsoft's FOCUS recipe says:
-- when an amortized source has delivered the period (view azure_amortized_periods), an actual source gives
-- only its commitment purchases and refunds (ChargeType Purchase/Refund, PricingModel Reservation/SavingsPlan).
--   amortized rows   BilledCost = cost, but 0 on commitment-covered usage (and unused commitment): the invoice
--                    holds the purchase; EffectiveCost = cost (the amortized share)
--   actual purchases (amortized period)  BilledCost = cost, EffectiveCost = 0 (amortized onto usage)
--   actual rows, no amortized export for the period: BilledCost = EffectiveCost = cost
-- So nothing is counted twice: sum(BilledCost) is the invoice, sum(EffectiveCost) the amortized total.
-- Money is CostInBillingCurrency (EA's Cost) in BillingCurrency; CostInPricingCurrency stays in bronze.
with source as (

    select * from bronze_batch

),

datasets as (

    select source, dataset from azure_cost_datasets

),

amortized_periods as (

    select distinct billing_period from azure_amortized_periods

),

dated as (

    select
        s.*,
        coalesce(d.dataset, 'actual') as dataset,
        p.billing_period is not null as period_has_amortized,
        coalesce(lower(s.PricingModel) in ('reservation', 'savingsplan'), false) as is_commitment,
        lower(s.ChargeType) as charge_type,
        -- MM/DD/YYYY as exports write it, or ISO
        case
            when trim(s.Date) rlike '^\\d{1,2}/\\d{1,2}/\\d{4}' then make_date(
                cast(regexp_extract(trim(s.Date), '^(\\d{1,2})/(\\d{1,2})/(\\d{4})', 3) as int),
                cast(regexp_extract(trim(s.Date), '^(\\d{1,2})/(\\d{1,2})/(\\d{4})', 1) as int),
                cast(regexp_extract(trim(s.Date), '^(\\d{1,2})/(\\d{1,2})/(\\d{4})', 2) as int))
            else to_date(substr(trim(s.Date), 1, 10))
        end as charge_date,
        case
            when trim(s.BillingPeriodStartDate) rlike '^\\d{1,2}/\\d{1,2}/\\d{4}' then make_date(
                cast(regexp_extract(trim(s.BillingPeriodStartDate), '^(\\d{1,2})/(\\d{1,2})/(\\d{4})', 3) as int),
                cast(regexp_extract(trim(s.BillingPeriodStartDate), '^(\\d{1,2})/(\\d{1,2})/(\\d{4})', 1) as int),
                cast(regexp_extract(trim(s.BillingPeriodStartDate), '^(\\d{1,2})/(\\d{1,2})/(\\d{4})', 2) as int))
            else to_date(substr(trim(s.BillingPeriodStartDate), 1, 10))
        end as period_start,
        case
            when trim(s.BillingPeriodEndDate) rlike '^\\d{1,2}/\\d{1,2}/\\d{4}' then make_date(
                cast(regexp_extract(trim(s.BillingPeriodEndDate), '^(\\d{1,2})/(\\d{1,2})/(\\d{4})', 3) as int),
                cast(regexp_extract(trim(s.BillingPeriodEndDate), '^(\\d{1,2})/(\\d{1,2})/(\\d{4})', 1) as int),
                cast(regexp_extract(trim(s.BillingPeriodEndDate), '^(\\d{1,2})/(\\d{1,2})/(\\d{4})', 2) as int))
            else to_date(substr(trim(s.BillingPeriodEndDate), 1, 10))
        end as period_end_inclusive,
        -- Tags arrive brace-less ("k": "v","k2": "v2") or as a JSON object
        case
            when s.Tags is null then cast(null as map<string, string>)
            when ltrim(s.Tags) like '{%' then from_json(s.Tags, 'map<string, string>')
            else from_json(concat('{', s.Tags, '}'), 'map<string, string>')
        end as tag_map,
        coalesce(
            lower(s.MeterCategory) in (
                'cognitive services', 'azure openai', 'azure openai service', 'foundry models', 'foundry tools', 'azure ai services')
            or lower(s.ConsumedService) = 'microsoft.cognitiveservices'
            or lower(s.ProductName) like '%openai%',
            false
        ) as is_ai
    from source as s
    left join datasets as d on d.source = s._source
    left join amortized_periods as p on p.billing_period = s.billing_period

),

kept as (

    select *
    from dated
    where dataset = 'amortized'
        or not period_has_amortized
        or (charge_type in ('purchase', 'refund') and is_commitment)

),

final as (

    select
        case
            when dataset = 'amortized' and is_commitment and charge_type in ('usage', 'unusedreservation', 'unusedsavingsplan')
                then cast(0 as decimal(38, 18))
            else CostInBillingCurrency
        end as BilledCost,
        case
            when dataset = 'actual' and period_has_amortized then cast(0 as decimal(38, 18))
            else CostInBillingCurrency
        end as EffectiveCost,
        PaygCostInBillingCurrency as ListCost,
        cast(null as decimal(38, 18)) as ContractedCost,
        upper(BillingCurrency) as BillingCurrency,
        -- EA: the billing account; MCA: the billing profile (the invoice's scope)
        case when BillingProfileId is not null and BillingProfileId <> BillingAccountId then BillingProfileId else BillingAccountId end as BillingAccountId,
        case when BillingProfileId is not null and BillingProfileId <> BillingAccountId then BillingProfileName else BillingAccountName end as BillingAccountName,
        SubscriptionId as SubAccountId,
        SubscriptionName as SubAccountName,
        to_timestamp(period_start) as BillingPeriodStart,
        to_timestamp(date_add(period_end_inclusive, 1)) as BillingPeriodEnd,
        case charge_type
            when 'usage' then 'Usage'
            when 'unusedreservation' then 'Usage'
            when 'unusedsavingsplan' then 'Usage'
            when 'purchase' then 'Purchase'
            when 'refund' then 'Purchase'
            when 'tax' then 'Tax'
            when 'credit' then 'Credit'
            else 'Adjustment'
        end as ChargeCategory,
        case when charge_type = 'refund' then 'Correction' end as ChargeClass,
        ProductName as ChargeDescription,
        case
            when lower(Frequency) = 'onetime' then 'One-Time'
            when lower(Frequency) = 'recurring' then 'Recurring'
            else 'Usage-Based'
        end as ChargeFrequency,
        to_timestamp(charge_date) as ChargePeriodStart,
        to_timestamp(date_add(charge_date, 1)) as ChargePeriodEnd,
        -- Marketplace: the publisher sells, Microsoft hosts and invoices
        case when lower(PublisherType) = 'marketplace' then PublisherName else 'Microsoft' end as ServiceProviderName,
        'Microsoft' as HostProviderName,
        coalesce(PartnerName, 'Microsoft') as InvoiceIssuerName,
        InvoiceId,
        coalesce(MeterCategory, ConsumedService) as ServiceName,
        case when is_ai then 'AI and Machine Learning' end as ServiceCategory,
        MeterSubCategory as ServiceSubcategory,
        lower(replace(ResourceLocation, ' ', '')) as RegionId,
        ResourceId,
        coalesce(ResourceName, regexp_extract(ResourceId, '([^/]+)/?$', 1)) as ResourceName,
        cast(null as string) as ResourceType,
        coalesce(ProductId, PartNumber) as SkuId,
        MeterId as SkuPriceId,
        MeterName as SkuMeter,
        case when charge_type = 'usage' then Quantity end as ConsumedQuantity,
        case when charge_type = 'usage' then UnitOfMeasure end as ConsumedUnit,
        Quantity as PricingQuantity,
        UnitOfMeasure as PricingUnit,
        case lower(PricingModel)
            when 'ondemand' then 'Standard'
            when 'spot' then 'Dynamic'
            when 'reservation' then 'Committed'
            when 'savingsplan' then 'Committed'
        end as PricingCategory,
        nullif(coalesce(BenefitId, ReservationId), '') as CommitmentDiscountId,
        case
            when lower(BenefitId) like '%/microsoft.capacity/%' then 'Reservation'
            when lower(BenefitId) like '%/microsoft.billingbenefits/%' then 'Savings Plan'
            when lower(PricingModel) = 'reservation' then 'Reservation'
            when lower(PricingModel) = 'savingsplan' then 'Savings Plan'
        end as CommitmentDiscountType,
        case
            when charge_type in ('unusedreservation', 'unusedsavingsplan') then 'Unused'
            when is_commitment and charge_type = 'usage' then 'Used'
        end as CommitmentDiscountStatus,
        tag_map as Tags,
        _source as x_Source,
        'azure_cost' as x_SourceType,
        _file as x_SourceFile,
        _row as x_SourceRow,
        _checksum as x_SourceChecksum,
        _ingest_id as x_IngestId,
        coalesce(PartnerName, 'Microsoft') as x_ProviderIssuer,
        'Microsoft' as x_ProviderSeller,
        SubscriptionId as x_ProviderAccount,
        -- Azure OpenAI / Foundry meters name model, direction and deployment (gpt-4o-0806-Inp-glbl Tokens)
        case when is_ai then MeterName end as x_ModelRaw,
        cast(null as string) as x_ModelHint,
        cast(null as string) as x_PublisherHint,
        cast(null as string) as x_TokenTypeHint,
        billing_period
    from kept

)

select * from final
