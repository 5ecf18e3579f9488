-- gold.cogs: one row per period x product x pnl_category x cost_component x provider x is_ai.
-- Every classified amount (amortization charges included, the capitalized originals excluded from
-- COGS by their category) lands in exactly one row: per period, sum(amount) = silver.cost_classified.
with classified_rows as (

    select * from classified

),

final as (

    select
        billing_period,
        coalesce(product, 'unallocated') as product,
        pnl_category,
        cost_component,
        x_Provider as provider,
        coalesce(is_ai, false) as is_ai,
        cast(sum(amount) as decimal(38, 10)) as amount
    from classified_rows
    group by billing_period, coalesce(product, 'unallocated'), pnl_category, cost_component, x_Provider, coalesce(is_ai, false)

)

select * from final
