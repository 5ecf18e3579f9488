-- reconciliation_status: what `bin/cogs demo` prints last, one row per billing period x provider: the
-- invoice against the ledger's BilledCost (gold.reconciliation) and how much of the provider's cost
-- reached a customer (gold.allocation_coverage).
with reconciliation as (

    select billing_period, provider,
           sum(invoice_total) as invoice_total, sum(ledger_total) as ledger_total, sum(difference) as difference,
           concat_ws(',', sort_array(collect_set(status))) as status
    from gold.reconciliation
    group by 1, 2

),

coverage as (

    select billing_period, provider, coverage_pct from gold.allocation_coverage

),

final as (

    select
        coalesce(r.billing_period, c.billing_period) as billing_period,
        coalesce(r.provider, c.provider) as provider,
        cast(r.invoice_total as decimal(20, 2)) as invoice_total,
        cast(r.ledger_total as decimal(20, 2)) as ledger_total,
        cast(r.difference as decimal(20, 2)) as difference,
        coalesce(r.status, 'no invoice') as reconciliation,
        cast(c.coverage_pct as decimal(8, 2)) as allocation_coverage_pct
    from reconciliation as r
    full outer join coverage as c on c.billing_period = r.billing_period and c.provider = r.provider

)

select * from final order by billing_period, provider
