-- invoices: one invoice per provider and billing period (generator), in the contract's invoices CSV
-- shape. total = the bill's BilledCost (view gen_bill_totals), exactly. invoice_id as on the bill's lines. Parameter :seed. Except, for the demo's
-- close: gcp's invoice of :disputed_period ('' for none) bills :disputed_amount more than the export.
-- The open month (:open_period, '' for none) is not invoiced yet.
with totals as (

    select provider, billing_period, total from gen_bill_totals
    where billing_period <> :open_period

),

final as (

    select
        provider,
        concat(upper(provider), '-', replace(billing_period, '-', ''), '-', lpad(cast(pmod(xxhash64(:seed, provider, billing_period), 1000000) as string), 6, '0')) as invoice_id,
        billing_period,
        'USD' as currency,
        cast(total + case when provider = 'gcp' and billing_period = :disputed_period then :disputed_amount else 0 end
             as decimal(38, 2)) as total
    from totals

)

select * from final order by billing_period, provider
