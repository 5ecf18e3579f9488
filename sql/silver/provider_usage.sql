-- provider_usage: provider-side usage rows (view provider_usage_base, from provider_usage_from_<type>.sql)
-- → silver.provider_usage, priced from the price book.
-- Grain: one row per day × provider × model (canonical; model_raw the reported snapshot) × account ×
-- token type × source. tokens and requests are sums; priced_cost = Σ tokens × the price per million in
-- effect on the day (a tier's price where the row has a tier and the book has one, else the list price),
-- null when the book has no price. Reference views: model_aliases, prices (list prices), price_book (all rows).
with base as (

    select * from provider_usage_base

),

model_strings as (

    select distinct provider, model_raw from base where model_raw is not null

),

@include blocks/model_matches.sql,

resolved as (

    select
        b.*,
        -- a snapshot no alias knows: its name without the date
        coalesce(m.model, lower(regexp_replace(b.model_raw, '-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$', ''))) as model
    from base as b
    left join model_matches as m
        on m.provider = b.provider and m.model_raw = b.model_raw

),

list_prices as (

    select * from prices

),

tier_prices as (

    select * from price_book where tier is not null and context_band is null

),

priced as (

    select
        r.*,
        coalesce(t.price_per_million, l.price_per_million) as price_per_million
    from resolved as r
    left join tier_prices as t
        on t.provider = r.provider and t.model = r.model and t.token_type = r.token_type and t.tier = r.price_tier
        and r.usage_date >= t.effective_from and (t.effective_to is null or r.usage_date <= t.effective_to)
    left join list_prices as l
        on l.provider = r.provider and l.model = r.model and l.token_type = r.token_type
        and r.usage_date >= l.effective_from and (l.effective_to is null or r.usage_date <= l.effective_to)

),

final as (

    select
        usage_date,
        provider,
        model,
        model_raw,
        provider_account,
        token_type,
        sum(tokens) as tokens,
        sum(requests) as requests,
        -- tokens × price exact in DECIMAL(37,10), summed, then divided by a million with 16 decimals kept
        cast(
            cast(sum(cast(tokens as decimal(18, 0)) * cast(price_per_million as decimal(18, 10))) as decimal(32, 10))
            / cast(1000000 as decimal(7, 0))
            as decimal(38, 10)
        ) as priced_cost,
        x_Source,
        billing_period
    from priced
    group by usage_date, provider, model, model_raw, provider_account, token_type, x_Source, billing_period

)

select * from final
