-- focus_charges: the lines without usage of their own on each bill (generator). Grain: per provider x
-- period a Tax line (a rate of the usage), on AWS a promotional Credit, and a rounding Adjustment that
-- brings the invoice to whole cents: usage + rounding = round(usage, 2), so the invoice (view
-- gen_usage_totals + these lines) is in cents and equals the bill's BilledCost exactly. The open month
-- (:open_period, '' for none) has none of them yet: they come with its invoice.
with totals as (

    select provider, billing_period, usage_total from gen_usage_totals
    where billing_period <> :open_period

),

charges as (

    select provider, billing_period, 'Tax' as ChargeCategory, 'Sales tax' as ChargeDescription,
           cast(round(usage_total * case provider when 'aws' then 0.08 when 'azure' then 0.06 else 0.07 end, 2) as decimal(38, 10)) as cost
    from totals
    union all
    select provider, billing_period, 'Credit', 'Promotional credit',
           cast(-round(usage_total * 0.03, 2) as decimal(38, 10))
    from totals
    where provider = 'aws'
    union all
    select provider, billing_period, 'Adjustment', 'Rounding',
           cast(round(usage_total, 2) - usage_total as decimal(38, 10))
    from totals

),

final as (

    select
        provider as _provider,
        billing_period as _period,
        cost as BilledCost,
        cost as EffectiveCost,
        cast(case when ChargeCategory = 'Credit' then 0 else cost end as decimal(38, 10)) as ListCost,
        cast(case when ChargeCategory = 'Credit' then 0 else cost end as decimal(38, 10)) as ContractedCost,
        ChargeCategory,
        case when ChargeCategory = 'Tax' then 'Recurring' else 'One-Time' end as ChargeFrequency,
        ChargeDescription,
        cast(to_date(concat(billing_period, '-01')) as timestamp) as ChargePeriodStart,
        cast(add_months(to_date(concat(billing_period, '-01')), 1) as timestamp) as ChargePeriodEnd,
        case provider when 'aws' then case ChargeCategory when 'Tax' then 'Tax' else 'AWS Billing' end
                      when 'azure' then case ChargeCategory when 'Tax' then 'Tax' else 'Azure Billing' end
                      else case ChargeCategory when 'Tax' then 'Tax' else 'Cloud Billing' end end as ServiceName,
        'Other' as ServiceCategory,
        'Other (Other)' as ServiceSubcategory,
        case provider when 'aws' then '111111111111' when 'azure' then '6f1c2b9e-5a34-4d7e-9b1a-0c2d3e4f5a6b' else 'acme-ai-prod' end as SubAccountId,
        add_months(to_date(concat(billing_period, '-01')), 1) as _day,
        2 as _kind
    from charges

)

select * from final
