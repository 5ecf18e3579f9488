-- focus_bill: one provider's generated lines (view gen_focus_lines: AI, infrastructure and charges)
-- completed into its FOCUS 1.2 export (generator): billing account, period, invoice id, provider
-- names, currencies; timestamps as UTC ISO 8601 (amounts stay DECIMAL; the writer prints them in plain notation).
-- Parameters: :seed, :provider.
with lines as (

    select * from gen_focus_lines

),

final as (

    select
        _period,
        _kind,
        _day,
        BilledCost as BilledCost,
        case :provider when 'aws' then '999999999999' when 'azure' then '12345678' else '01A2B3-C4D5E6-F7A8B9' end as BillingAccountId,
        case :provider when 'aws' then 'Acme AI payer' when 'azure' then 'Acme AI billing profile' else 'Acme AI billing' end as BillingAccountName,
        case :provider when 'aws' then 'Payer account' when 'azure' then 'Billing Profile' else 'Billing Account' end as BillingAccountType,
        'USD' as BillingCurrency,
        concat(add_months(to_date(concat(_period, '-01')), 1), 'T00:00:00Z') as BillingPeriodEnd,
        concat(_period, '-01T00:00:00Z') as BillingPeriodStart,
        ChargeCategory,
        cast(null as string) as ChargeClass,
        ChargeDescription,
        ChargeFrequency,
        date_format(ChargePeriodEnd, "yyyy-MM-dd'T'HH:mm:ss'Z'") as ChargePeriodEnd,
        date_format(ChargePeriodStart, "yyyy-MM-dd'T'HH:mm:ss'Z'") as ChargePeriodStart,
        ConsumedQuantity as ConsumedQuantity,
        ConsumedUnit,
        ContractedCost as ContractedCost,
        ContractedUnitPrice as ContractedUnitPrice,
        EffectiveCost as EffectiveCost,
        concat(upper(:provider), '-', replace(_period, '-', ''), '-', lpad(cast(pmod(xxhash64(:seed, :provider, _period), 1000000) as string), 6, '0')) as InvoiceId,
        case :provider when 'aws' then 'Amazon Web Services, Inc.' when 'azure' then 'Microsoft' else 'Google Cloud' end as InvoiceIssuerName,
        ListCost as ListCost,
        ListUnitPrice as ListUnitPrice,
        case when ChargeCategory = 'Usage' then PricingCategory end as PricingCategory,
        'USD' as PricingCurrency,
        ContractedUnitPrice as PricingCurrencyContractedUnitPrice,
        EffectiveCost as PricingCurrencyEffectiveCost,
        ListUnitPrice as PricingCurrencyListUnitPrice,
        PricingQuantity as PricingQuantity,
        PricingUnit,
        case :provider when 'aws' then 'Amazon Web Services' when 'azure' then 'Microsoft' else 'Google Cloud' end as ProviderName,
        case :provider when 'aws' then 'Amazon Web Services' when 'azure' then 'Microsoft' else 'Google Cloud' end as PublisherName,
        RegionId,
        case RegionId when 'us-east-1' then 'US East (N. Virginia)' when 'eastus' then 'East US' when 'us-central1' then 'Iowa' end as RegionName,
        ResourceId,
        ResourceName,
        ResourceType,
        ServiceCategory,
        ServiceName,
        ServiceSubcategory,
        SkuId,
        SkuMeter,
        case when SkuId is not null then concat(SkuId, ':ondemand') end as SkuPriceId,
        SubAccountId,
        case
            when SubAccountId in ('111111111111', '6f1c2b9e-5a34-4d7e-9b1a-0c2d3e4f5a6b', 'acme-ai-prod') then 'acme-ai-production'
            when SubAccountId = '222222222222' then 'acme-ai-cust-0001-dedicated'
            else 'acme-ai-development'
        end as SubAccountName,
        case :provider when 'aws' then 'Linked Account' when 'azure' then 'Subscription' else 'Project' end as SubAccountType,
        Tags,
        x_UsageType,
        x_ServiceCode,
        x_Operation,
        x_SkuMeterCategory,
        x_SkuMeterSubcategory,
        x_SkuMeterName
    from lines

)

select * from final
