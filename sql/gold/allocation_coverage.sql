-- gold.allocation_coverage: one row per period x provider: how much of the amortized cost reached a
-- customer key. total = silver.cost_allocated (= the ledger); unallocated = the 'unallocated' key.
with allocated_rows as (

    select * from allocated

),

final as (

    select
        billing_period,
        x_Provider as provider,
        cast(sum(amount) as decimal(38, 10)) as total,
        cast(sum(case when customer <> 'unallocated' then amount else 0 end) as decimal(38, 10)) as allocated,
        cast(sum(case when customer = 'unallocated' then amount else 0 end) as decimal(38, 10)) as unallocated,
        cast(case when sum(amount) <> 0
                  then round(sum(case when customer <> 'unallocated' then amount else 0 end) * 100 / sum(amount), 4)
             end as decimal(12, 4)) as coverage_pct
    from allocated_rows
    group by 1, 2

)

select * from final
