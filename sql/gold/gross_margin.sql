-- gold.gross_margin: one row per period x product (and ALL) x layer.
-- blended: all revenue of the product against all its COGS; ai: the revenue of an AI product
-- (view ai_products) against its AI COGS only. gross_margin_pct = gross_profit / revenue x 100
-- (null without revenue). Product rows add up to the ALL row for each layer's COGS.
with cogs as (

    select billing_period, coalesce(product, 'unallocated') as product, amount, coalesce(is_ai, false) as is_ai
    from classified
    where pnl_category = 'COGS'

),

revenue_lines as (

    select billing_period, product, revenue_reporting as revenue from revenue

),

revenue_by_product as (

    select billing_period, product, sum(revenue) as revenue from revenue_lines group by 1, 2

),

cogs_by_product as (

    select billing_period, product, sum(amount) as cogs, sum(case when is_ai then amount else 0 end) as ai_cogs
    from cogs
    group by 1, 2

),

by_product as (

    select
        coalesce(r.billing_period, c.billing_period) as billing_period,
        coalesce(r.product, c.product) as product,
        coalesce(r.revenue, 0) as revenue,
        coalesce(c.cogs, 0) as cogs,
        coalesce(c.ai_cogs, 0) as ai_cogs,
        a.product is not null as is_ai_product
    from revenue_by_product as r
    full outer join cogs_by_product as c
        on c.billing_period = r.billing_period and c.product = r.product
    left join ai_products as a
        on a.product = coalesce(r.product, c.product)

),

layers as (

    select billing_period, product, 'blended' as layer, revenue, cogs from by_product
    union all
    select billing_period, product, 'ai' as layer, revenue, ai_cogs as cogs from by_product where is_ai_product
    union all
    select billing_period, 'ALL' as product, 'blended' as layer, sum(revenue), sum(cogs) from by_product group by billing_period
    union all
    select billing_period, 'ALL' as product, 'ai' as layer,
           sum(case when is_ai_product then revenue else 0 end), sum(ai_cogs)
    from by_product group by billing_period

),

final as (

    select
        billing_period,
        product,
        layer,
        cast(revenue as decimal(38, 10)) as revenue,
        cast(cogs as decimal(38, 10)) as cogs,
        cast(revenue - cogs as decimal(38, 10)) as gross_profit,
        cast(case when revenue <> 0 then round((revenue - cogs) * 100 / revenue, 4) end as decimal(12, 4)) as gross_margin_pct
    from layers

)

select * from final
