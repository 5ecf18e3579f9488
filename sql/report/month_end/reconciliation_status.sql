-- month_end/reconciliation_status: how the period's invoices tie out, per status and invoice currency.
-- Grain: one row per status x currency; difference = ledger - invoice, in the invoice currency.
with reconciliation as (

    select * from gold.reconciliation where billing_period = :period

),

final as (

    select
        status,
        currency,
        count(*) as invoices,
        sum(invoice_total) as invoice_total,
        sum(ledger_total) as ledger_total,
        sum(difference) as difference
    from reconciliation
    group by status, currency

)

select * from final order by status, currency
