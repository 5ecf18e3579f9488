-- month_end/margin: the period's gross margin per layer (blended, ai) and product, ALL first.
-- Grain: one row per product x layer of gold.gross_margin for :period.
with gross_margin as (

    select * from gold.gross_margin where billing_period = :period

),

final as (

    select
        product,
        layer,
        revenue,
        cogs,
        gross_profit,
        gross_margin_pct
    from gross_margin

)

select * from final
order by case when product = 'ALL' then 0 else 1 end, product, layer
