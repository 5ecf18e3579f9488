-- gold.reconciliation: one row per period x provider x invoice_id. Compares the ledger's BilledCost in
-- the billing currency (tax, credits and fees included) with the invoice total, matched by InvoiceId
-- where the ledger has it, else by (provider, period) when the provider has one invoice that period.
-- difference = ledger - invoice; status: tied (|difference| <= :tolerance), over, under,
-- missing_invoice (ledger lines, no invoice), missing_ledger (an invoice, no ledger lines).
with ledger_totals as (

    select billing_period, x_Provider as provider, InvoiceId as invoice_id, BillingCurrency as currency,
           sum(BilledCost) as ledger_total
    from ledger
    group by 1, 2, 3, 4

),

invoices_per_provider as (

    select billing_period, provider, count(*) as invoices, max(invoice_id) as only_invoice_id
    from invoices
    group by 1, 2

),

ledger_matched as (

    select
        l.billing_period,
        l.provider,
        coalesce(l.invoice_id, case when p.invoices = 1 then p.only_invoice_id end) as invoice_id,
        l.currency,
        sum(l.ledger_total) as ledger_total
    from ledger_totals as l
    left join invoices_per_provider as p on p.billing_period = l.billing_period and p.provider = l.provider
    group by 1, 2, 3, 4

),

joined as (

    select
        coalesce(l.billing_period, i.billing_period) as billing_period,
        coalesce(l.provider, i.provider) as provider,
        coalesce(l.invoice_id, i.invoice_id) as invoice_id,
        coalesce(i.currency, l.currency) as currency,
        i.total as invoice_total,
        l.ledger_total
    from ledger_matched as l
    full outer join invoices as i
        on i.billing_period = l.billing_period and i.provider = l.provider and i.invoice_id = l.invoice_id

),

final as (

    select
        billing_period,
        provider,
        invoice_id,
        currency,
        cast(invoice_total as decimal(38, 18)) as invoice_total,
        cast(ledger_total as decimal(38, 18)) as ledger_total,
        cast(ledger_total - invoice_total as decimal(38, 18)) as difference,
        case
            when invoice_total is null then 'missing_invoice'
            when ledger_total is null then 'missing_ledger'
            when abs(ledger_total - invoice_total) <= :tolerance then 'tied'
            when ledger_total > invoice_total then 'over'
            else 'under'
        end as status
    from joined

)

select * from final
