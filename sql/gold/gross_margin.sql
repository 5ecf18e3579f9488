-- gold.gross_margin: one row per period x product (and ALL) x layer.
-- blended: all revenue of the product against all its COGS; ai: its AI revenue (streams, AI products,
-- shares: product_margins.sql) against its AI COGS. A product appears in the ai layer when it has AI
-- revenue or AI COGS (cost with no product: 'unallocated'). ALL is the sum of the product rows, in
-- revenue and COGS, for both layers. gross_margin_pct = gross_profit / revenue x 100 (null without
-- revenue). View: product_margins.
with products as (

    select * from product_margins

),

layers as (

    select billing_period, product, 'blended' as layer, revenue, cogs from products
    union all
    select billing_period, product, 'ai' as layer, ai_revenue, ai_cogs from products
    where ai_revenue <> 0 or ai_cogs <> 0
    union all
    select billing_period, 'ALL' as product, 'blended' as layer, sum(revenue), sum(cogs) from products group by billing_period
    union all
    select billing_period, 'ALL' as product, 'ai' as layer, sum(ai_revenue), sum(ai_cogs) from products group by billing_period

),

final as (

    select
        billing_period,
        product,
        layer,
        cast(revenue as decimal(38, 10)) as revenue,
        cast(cogs as decimal(38, 10)) as cogs,
        -- as DECIMAL(30,10): a difference of two DECIMAL(38,10) would lose a decimal to Spark's precision rule
        cast(cast(revenue as decimal(30, 10)) - cast(cogs as decimal(30, 10)) as decimal(38, 10)) as gross_profit,
        cast(case when revenue <> 0 then round((revenue - cogs) * 100 / revenue, 4) end as decimal(12, 4)) as gross_margin_pct
    from layers

)

select * from final
