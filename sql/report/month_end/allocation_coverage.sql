-- month_end/allocation_coverage: how much of the period's cost reached a customer / feature key.
-- Grain: one row for :period (all providers); coverage_pct = allocated / total x 100.
with coverage as (

    select * from gold.allocation_coverage where billing_period = :period

),

final as (

    select
        sum(total) as total,
        sum(allocated) as allocated,
        sum(unallocated) as unallocated,
        cast(round(100 * sum(allocated) / nullif(sum(total), 0), 4) as decimal(12, 4)) as coverage_pct
    from coverage

)

select * from final
