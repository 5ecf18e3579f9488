-- demo_summary: what `bin/cogs demo` prints, one row per billing period, from the gold tables:
-- revenue and COGS (blended), the COGS no customer could be found for (production serving cost is
-- COGS all the same), blended and AI-layer gross margin %, COGS per model call, allocation coverage and
-- how many invoices tie out (and how many bills have no invoice yet).
with margin as (

    select
        billing_period,
        max(case when layer = 'blended' then revenue end) as revenue,
        max(case when layer = 'blended' then cogs end) as cogs,
        max(case when layer = 'blended' then gross_margin_pct end) as blended_gm_pct,
        max(case when layer = 'ai' then gross_margin_pct end) as ai_gm_pct
    from gold.gross_margin
    where product = 'ALL'
    group by 1

),

requests as (

    select billing_period, sum(requests) as requests, sum(cogs) as customer_cogs,
           sum(case when customer = 'unallocated' then cogs else 0 end) as unallocated_cogs
    from gold.customer_economics
    group by 1

),

coverage as (

    select billing_period, round(sum(allocated) * 100 / nullif(sum(total), 0), 2) as coverage_pct
    from gold.allocation_coverage
    group by 1

),

reconciliation as (

    select billing_period,
           concat(count_if(status = 'tied'), '/', count(*), ' tied',
                  case when count_if(status = 'missing_invoice') > 0
                       then concat(', ', count_if(status = 'missing_invoice'), ' not invoiced yet') else '' end) as invoices
    from gold.reconciliation
    group by 1

),

final as (

    select
        m.billing_period,
        cast(round(m.revenue, 2) as decimal(20, 2)) as revenue,
        cast(round(m.cogs, 2) as decimal(20, 2)) as cogs,
        cast(round(coalesce(r.unallocated_cogs, 0), 2) as decimal(20, 2)) as unallocated_cogs,
        cast(round(m.blended_gm_pct, 1) as decimal(8, 1)) as blended_gm_pct,
        cast(round(m.ai_gm_pct, 1) as decimal(8, 1)) as ai_gm_pct,
        cast(round(r.customer_cogs / nullif(r.requests, 0), 6) as decimal(20, 6)) as cost_per_request,
        cast(c.coverage_pct as decimal(8, 2)) as allocation_coverage_pct,
        coalesce(rc.invoices, 'no invoices') as reconciliation
    from margin as m
    left join requests as r on r.billing_period = m.billing_period
    left join coverage as c on c.billing_period = m.billing_period
    left join reconciliation as rc on rc.billing_period = m.billing_period

)

select * from final order by billing_period
