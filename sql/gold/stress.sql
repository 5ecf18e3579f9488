-- gold.stress: one row per period x product of the ai layer (and ALL) x scenario (view stress_scenarios,
-- plus 'baseline'): the AI-layer gross margin when token prices change, a variance buffer multiplies the
-- AI cost, and the heaviest users' usage is multiplied. The baseline is gold.gross_margin's ai layer
-- exactly (both read product_margins). Per product:
--   scenario AI COGS = (ai_cogs + token_ai_cogs x token_price_change
--                       + heavy users' usage cost x (heavy_user_multiplier - 1) x (1 + token_price_change))
--                      x variance_buffer
-- token_ai_cogs: the AI COGS priced per token (component inference); heavy users: the ceil(heavy_user_share x users)
-- costliest users of the product by request cost (silver.request_costs, usage-driven model cost).
-- Views: product_margins, request_costs, stress_scenarios.
with ai_layer as (

    -- DECIMAL(28,10) x DECIMAL(12,10) keeps 17 decimals: Spark cuts a product's scale to 6 only when its
    -- precision would pass 38, which DECIMAL(38,10) operands always do
    select billing_period, product, ai_revenue,
           cast(ai_cogs as decimal(28, 10)) as ai_cogs, cast(token_ai_cogs as decimal(28, 10)) as token_ai_cogs
    from product_margins
    where ai_revenue <> 0 or ai_cogs <> 0

),

@include blocks/stress_inputs.sql,

heavy as (

    select billing_period, product, scenario, cast(sum(cost) as decimal(28, 10)) as heavy_cogs
    from heavy_users
    group by 1, 2, 3

),

per_scenario as (

    select
        p.billing_period,
        p.product,
        s.*,
        p.ai_revenue as revenue,
        (p.ai_cogs
            + p.token_ai_cogs * s.token_price_change
            + coalesce(h.heavy_cogs, 0) * (s.heavy_user_multiplier - 1) * (1 + s.token_price_change))
            * s.variance_buffer as stressed_ai_cogs
    from ai_layer as p
    cross join stress_params as s
    left join heavy as h on h.billing_period = p.billing_period and h.product = p.product and h.scenario = s.scenario

),

with_all as (

    select * from per_scenario
    union all
    select billing_period, 'ALL', scenario, token_price_change, variance_buffer, heavy_user_multiplier, heavy_user_share,
           sum(revenue), sum(stressed_ai_cogs)
    from per_scenario
    group by billing_period, scenario, token_price_change, variance_buffer, heavy_user_multiplier, heavy_user_share

),

final as (

    select
        billing_period,
        product,
        scenario,
        token_price_change,
        variance_buffer,
        heavy_user_multiplier,
        heavy_user_share,
        cast(revenue as decimal(38, 10)) as ai_revenue,
        cast(stressed_ai_cogs as decimal(38, 10)) as ai_cogs,
        cast(case when revenue <> 0 then round((revenue - stressed_ai_cogs) * 100 / revenue, 4) end as decimal(12, 4)) as ai_gross_margin_pct
    from with_all

)

select * from final
