-- month_end/cogs_by_category: the period's classified cost per P&L category (COGS, OPEX_*, RND, ...).
-- Grain: one row per pnl_category; amounts add up to gold.cogs for :period.
with cogs as (

    select * from gold.cogs where billing_period = :period

),

final as (

    select
        pnl_category,
        sum(amount) as amount,
        sum(case when is_ai then amount else 0 end) as ai_amount
    from cogs
    group by pnl_category

)

select * from final order by amount desc, pnl_category
