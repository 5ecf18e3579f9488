-- ai_cogs_parts: the AI layer's COGS of each period in its four parts (model inference, the cloud
-- infrastructure that serves it, vector databases and retrieval, third-party AI services in the request
-- path), and what else is AI COGS (delivery-tied eval and human review, amortized fine-tuning, credits
-- and fees kept gross). Grain: one row per billing period, in the reporting currency; the parts add up to
-- ai_cogs (gold.cogs' COGS with is_ai) before each is rounded to the cent.
with ai_cogs as (

    select billing_period, cost_component, amount
    from gold.cogs
    where pnl_category = 'COGS' and is_ai

),

final as (

    select
        billing_period,
        cast(round(sum(case when cost_component = 'inference' then amount else 0 end), 2) as decimal(20, 2)) as inference,
        cast(round(sum(case when cost_component = 'infrastructure' then amount else 0 end), 2) as decimal(20, 2)) as infrastructure,
        cast(round(sum(case when cost_component = 'retrieval' then amount else 0 end), 2) as decimal(20, 2)) as retrieval,
        cast(round(sum(case when cost_component = 'third_party_ai' then amount else 0 end), 2) as decimal(20, 2)) as third_party_ai,
        cast(round(sum(case when cost_component not in ('inference', 'infrastructure', 'retrieval', 'third_party_ai')
                            then amount else 0 end), 2) as decimal(20, 2)) as other_ai,
        cast(round(sum(amount), 2) as decimal(20, 2)) as ai_cogs
    from ai_cogs
    group by billing_period

)

select * from final order by billing_period
