-- close_checks: why billing period :period is not ready to be closed, one line per reason; no row means
-- ready. A period is final when its gold figures exist, every invoice ties to the ledger, no cost is left
-- UNCLASSIFIED and no input row of the period waits in the quarantine. Money is shown to the cent.
with gold_figures as (

    select count(*) as cogs_rows from gold.cogs where billing_period = :period

),

untied_invoices as (

    select provider, invoice_id, currency, invoice_total, ledger_total, difference, status
    from gold.reconciliation
    where billing_period = :period and status <> 'tied'

),

unclassified as (

    select sum(amount) as amount
    from silver.cost_classified
    where billing_period = :period and pnl_category = 'UNCLASSIFIED'

),

quarantined_per_source as (

    select source, count(*) as quarantined_rows
    from silver.quarantine
    where billing_period = :period
    group by source

),

quarantined as (

    select
        sum(quarantined_rows) as quarantined_rows,
        array_join(array_sort(collect_list(concat(source, ' ', cast(quarantined_rows as string)))), ', ') as per_source
    from quarantined_per_source

),

reasons as (

    select 1 as check_order, '' as subject,
           'no gold figures for the period: run the job for it first' as reason
    from gold_figures
    where cogs_rows = 0

    union all

    select 2, concat(provider, ' ', coalesce(invoice_id, '')),
           case status
               when 'missing_invoice' then concat(
                   'provider ', provider, ': no invoice for ledger lines of ',
                   format_number(ledger_total, 2), ' ', currency)
               when 'missing_ledger' then concat(
                   'provider ', provider, ': invoice ', invoice_id, ' of ',
                   format_number(invoice_total, 2), ' ', currency, ' has no ledger lines')
               else concat(
                   'provider ', provider, ': invoice ', invoice_id, ' is not tied (', status, ' by ',
                   format_number(abs(difference), 2), ' ', currency, ': ledger ',
                   format_number(ledger_total, 2), ', invoice ', format_number(invoice_total, 2), ')')
           end
    from untied_invoices

    union all

    select 3, '', concat('UNCLASSIFIED cost of ', format_number(amount, 2), ' ', :reporting_currency,
                         ': no classification rule matches it')
    from unclassified
    where amount is not null and amount <> 0

    union all

    select 4, '', concat(cast(quarantined_rows as string), ' quarantined rows (', per_source,
                         '): see silver.quarantine')
    from quarantined
    where quarantined_rows > 0

)

select reason from reasons
order by check_order, subject
