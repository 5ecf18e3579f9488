-- product_margins: the building block both gross-margin layers and the stress baseline read, so they
-- cannot disagree. Grain: one row per period x product (cost with no product: 'unallocated').
-- revenue: all recognised revenue; ai_revenue: the part that is AI revenue (sql/blocks/ai_revenue_rows.sql);
-- cogs: all COGS; ai_cogs: COGS with is_ai; token_ai_cogs: the part of ai_cogs priced per token (component inference).
-- Views: classified, revenue, ai_revenue_streams, ai_products, ai_revenue_shares.
with

@include blocks/ai_revenue_rows.sql,

revenue_by_product as (

    select billing_period, product, sum(revenue) as revenue, sum(ai_revenue) as ai_revenue
    from ai_revenue_rows
    group by 1, 2

),

cogs_by_product as (

    select
        billing_period,
        coalesce(product, 'unallocated') as product,
        sum(amount) as cogs,
        sum(case when is_ai then amount else 0 end) as ai_cogs,
        sum(case when is_ai and cost_component = 'inference' then amount else 0 end) as token_ai_cogs
    from classified
    where pnl_category = 'COGS'
    group by 1, 2

),

final as (

    select
        coalesce(r.billing_period, c.billing_period) as billing_period,
        coalesce(r.product, c.product) as product,
        cast(coalesce(r.revenue, 0) as decimal(38, 10)) as revenue,
        cast(coalesce(r.ai_revenue, 0) as decimal(38, 10)) as ai_revenue,
        cast(coalesce(c.cogs, 0) as decimal(38, 10)) as cogs,
        cast(coalesce(c.ai_cogs, 0) as decimal(38, 10)) as ai_cogs,
        cast(coalesce(c.token_ai_cogs, 0) as decimal(38, 10)) as token_ai_cogs
    from revenue_by_product as r
    full outer join cogs_by_product as c
        on c.billing_period = r.billing_period and c.product = r.product

)

select * from final
