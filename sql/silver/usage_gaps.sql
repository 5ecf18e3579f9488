-- usage_gaps: the usage vs bill check → silver.usage_gaps.
-- Grain: one row per day × provider × model (canonical) with any of: billed cost (ledger lines naming a
-- model, reporting currency), the provider's own usage report priced from the price book, the product's
-- own events priced the same way. provider_tokens are the provider-reported tokens of the four token
-- types (from silver.provider_usage, else the ledger's x_Tokens); event_tokens the events' input + output
-- totals; untracked_tokens = provider_tokens - event_tokens (negative: events the provider did not report)
-- and untracked_share its share of provider_tokens: the first sign of traffic the product does not log.
-- Views: gap_ledger, gap_provider_usage, gap_usage (the periods' rows), prices.
with billed as (

    select
        to_date(ChargePeriodStart) as usage_date,
        x_Provider as provider,
        x_Model as model,
        sum(x_EffectiveCostReporting) as billed_cost,
        sum(case when x_TokenType is not null then x_Tokens end) as billed_tokens
    from gap_ledger
    where x_Model is not null
    group by to_date(ChargePeriodStart), x_Provider, x_Model

),

provider_side as (

    select
        usage_date,
        provider,
        model,
        sum(case when token_type in ('input', 'cache_read', 'cache_write', 'output') then tokens end) as provider_tokens,
        sum(priced_cost) as provider_priced_cost
    from gap_provider_usage
    group by usage_date, provider, model

),

event_types as (

    -- token types do not overlap: input is uncached input only
    select
        usage_date, provider, model, units.token_type, sum(units.tokens) as tokens
    from gap_usage
    lateral view stack(
        4,
        'input', greatest(coalesce(input_tokens, 0) - coalesce(cache_read_tokens, 0) - coalesce(cache_write_tokens, 0), 0),
        'cache_read', coalesce(cache_read_tokens, 0),
        'cache_write', coalesce(cache_write_tokens, 0),
        'output', coalesce(output_tokens, 0)
    ) units as token_type, tokens
    group by usage_date, provider, model, units.token_type

),

events_side as (

    select
        e.usage_date,
        e.provider,
        e.model,
        sum(e.tokens) as event_tokens,
        cast(
            cast(sum(cast(e.tokens as decimal(18, 0)) * cast(p.price_per_million as decimal(18, 10))) as decimal(32, 10))
            / cast(1000000 as decimal(7, 0))
            as decimal(38, 10)
        ) as events_priced_cost
    from event_types as e
    left join prices as p
        on p.provider = e.provider and p.model = e.model and p.token_type = e.token_type
        and e.usage_date >= p.effective_from and (p.effective_to is null or e.usage_date <= p.effective_to)
    group by e.usage_date, e.provider, e.model

),

days as (

    select usage_date, provider, model from billed
    union
    select usage_date, provider, model from provider_side
    union
    select usage_date, provider, model from events_side

),

joined as (

    select
        d.usage_date,
        d.provider,
        d.model,
        b.billed_cost,
        p.provider_priced_cost,
        e.events_priced_cost,
        coalesce(p.provider_tokens, b.billed_tokens) as provider_tokens,
        e.event_tokens
    from days as d
    left join billed as b
        on b.usage_date = d.usage_date and b.provider <=> d.provider and b.model <=> d.model
    left join provider_side as p
        on p.usage_date = d.usage_date and p.provider <=> d.provider and p.model <=> d.model
    left join events_side as e
        on e.usage_date = d.usage_date and e.provider <=> d.provider and e.model <=> d.model

),

final as (

    select
        usage_date,
        provider,
        model,
        billed_cost,
        provider_priced_cost,
        events_priced_cost,
        provider_tokens,
        event_tokens,
        provider_tokens - coalesce(event_tokens, 0) as untracked_tokens,
        case
            when provider_tokens > 0
                then cast(cast(provider_tokens - coalesce(event_tokens, 0) as decimal(20, 0))
                          / cast(provider_tokens as decimal(20, 0)) as decimal(38, 10))
        end as untracked_share,
        date_format(usage_date, 'yyyy-MM') as billing_period
    from joined

)

select * from final
