-- focus_ai_lines: the model providers' token charges as FOCUS 1.2 rows (generator): Bedrock on the AWS
-- bill, Azure OpenAI on Azure's, Vertex AI on GCP's. Grain: one row per day x provider x account x model
-- x token type with tokens, summed from the generated calls (view gen_cube), so the product's usage
-- covers every line. Cost = tokens x the price book's price per million, exact (integer arithmetic,
-- 10 decimals). Lines of the enterprise customer's dedicated AWS account carry its customer tag.
-- Calls after :billed_through (an open month's last days, not billed yet) have no line.
-- Views: gen_cube, gen_bill_skus, prices, gen_accounts. Parameter :billed_through (a date).
with daily as (

    select usage_date, billing_period, provider, provider_account, model,
           sum(input_tokens) as input, sum(cache_read_tokens) as cache_read,
           sum(cache_write_tokens) as cache_write, sum(output_tokens) as output
    from gen_cube
    where usage_date <= :billed_through
    group by 1, 2, 3, 4, 5

),

by_token_type as (

    select usage_date, billing_period, provider, provider_account, model, token_type, tokens
    from daily
    lateral view stack(4, 'input', input, 'cache_read', cache_read, 'cache_write', cache_write, 'output', output) t as token_type, tokens
    where tokens > 0

),

priced as (

    select
        t.*,
        s.bill_string,
        s.publisher,
        s.tokens_per_unit,
        cast(round(p.price_per_million * 10000) as bigint) as price_e4
    from by_token_type as t
    join gen_bill_skus as s on s.provider = t.provider and s.model = t.model and s.token_type = t.token_type
    join prices as p
        on p.provider = t.provider and p.model = t.model and p.token_type = t.token_type
        and t.usage_date >= p.effective_from and (p.effective_to is null or t.usage_date <= p.effective_to)

),

costed as (

    select
        *,
        -- tokens x (price per million x 1e4) = cost x 1e10
        cast(cast(tokens * price_e4 as decimal(20, 0)) * cast(0.0000000001 as decimal(11, 10)) as decimal(38, 10)) as cost,
        cast(cast(tokens as decimal(20, 0)) / tokens_per_unit as decimal(38, 10)) as quantity,
        cast(cast(price_e4 as decimal(20, 0)) * cast(0.0001 as decimal(5, 4)) * tokens_per_unit / 1000000 as decimal(38, 10)) as unit_price
    from priced

),

final as (

    select
        c.provider as _provider,
        c.billing_period as _period,
        c.cost as BilledCost,
        c.cost as EffectiveCost,
        c.cost as ListCost,
        c.cost as ContractedCost,
        c.unit_price as ListUnitPrice,
        c.unit_price as ContractedUnitPrice,
        'Usage' as ChargeCategory,
        'Usage-Based' as ChargeFrequency,
        'Standard' as PricingCategory,
        case c.provider
            when 'gcp' then c.bill_string
            else concat(initcap(replace(c.token_type, '_', ' ')), ' tokens for ', c.model)
        end as ChargeDescription,
        cast(c.usage_date as timestamp) as ChargePeriodStart,
        cast(date_add(c.usage_date, 1) as timestamp) as ChargePeriodEnd,
        c.quantity as ConsumedQuantity,
        c.quantity as PricingQuantity,
        case c.provider when 'aws' then '1K tokens' when 'azure' then '1K' else 'count' end as ConsumedUnit,
        case c.provider when 'aws' then '1K tokens' when 'azure' then '1K' else 'count' end as PricingUnit,
        case c.provider when 'aws' then 'Amazon Bedrock' when 'azure' then 'Azure OpenAI' else 'Vertex AI' end as ServiceName,
        'AI and Machine Learning' as ServiceCategory,
        'Generative AI' as ServiceSubcategory,
        case c.provider when 'aws' then 'us-east-1' when 'azure' then 'eastus' else 'us-central1' end as RegionId,
        c.provider_account as SubAccountId,
        case when c.provider = 'aws' then concat(c.provider, '-', c.model, '-', c.token_type) else c.bill_string end as SkuMeter,
        concat(c.provider, ':', c.model, ':', c.token_type) as SkuId,
        case c.provider
            when 'aws' then concat('arn:aws:bedrock:us-east-1:', c.provider_account, ':foundation-model/', c.model)
            when 'azure' then concat('/subscriptions/', c.provider_account, '/resourceGroups/ai-prod/providers/Microsoft.CognitiveServices/accounts/acme-openai')
            else concat('//aiplatform.googleapis.com/projects/', c.provider_account, '/locations/us-central1/publishers/', c.publisher, '/models/', c.model)
        end as ResourceId,
        case c.provider when 'aws' then 'Foundation model' when 'azure' then 'Cognitive Services account' else 'Model' end as ResourceType,
        case
            when c.provider = 'aws' and c.provider_account = '222222222222'
                then '{"user:Environment":"Production","user:workload":"inference","user:customer":"cust-0001","user:product":"assistant"}'
            when c.provider = 'aws' then '{"user:Environment":"Production","user:workload":"inference"}'
            when c.provider = 'azure' then '"env": "prod","workload": "inference"'
            else '{"env":"prod","workload":"inference"}'
        end as Tags,
        case when c.provider = 'aws' then c.bill_string end as x_UsageType,
        case when c.provider = 'aws' then 'AmazonBedrock' end as x_ServiceCode,
        case when c.provider = 'aws' then 'InvokeModel' end as x_Operation,
        case when c.provider = 'azure' then 'Cognitive Services' end as x_SkuMeterCategory,
        case when c.provider = 'azure' then 'Azure OpenAI' end as x_SkuMeterSubcategory,
        case when c.provider = 'azure' then c.bill_string end as x_SkuMeterName,
        c.usage_date as _day,
        0 as _kind
    from costed as c

)

select * from final
