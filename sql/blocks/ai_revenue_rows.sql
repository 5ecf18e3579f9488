-- Block ai_revenue_rows (included by the gold transforms that split revenue into its AI part): every
-- revenue row of view revenue with the part that is AI revenue — the whole row when its stream is one of
-- ai_revenue.streams (view ai_revenue_streams) or its product one of ai_revenue.products (view
-- ai_products), else the configured share of the row (view ai_revenue_shares), else nothing.
ai_revenue_rows as (

    select
        r.billing_period,
        r.customer,
        r.product,
        r.revenue_reporting as revenue,
        case
            when st.stream is not null or ap.product is not null then cast(r.revenue_reporting as decimal(38, 10))
            when sh.share is not null then cast(cast(r.revenue_reporting as decimal(28, 10)) * sh.share as decimal(38, 10))
            else cast(0 as decimal(38, 10))
        end as ai_revenue
    from revenue as r
    left join ai_revenue_streams as st on st.stream = lower(r.stream)
    left join ai_products as ap on ap.product = r.product
    left join ai_revenue_shares as sh on sh.product = r.product

)
