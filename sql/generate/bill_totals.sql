-- bill_totals: each provider's bill total per billing period (generator): a cloud's usage (view
-- gen_usage_totals) plus tax, credit and rounding (view gen_charges), exactly the bill's BilledCost; a
-- vendor's report rows in cents (views gen_pinecone, gen_deepgram). The invoices and the budget start from it.
with usage_totals as (

    select provider, billing_period, usage_total as amount from gen_usage_totals

),

charge_totals as (

    select _provider as provider, _period as billing_period, BilledCost as amount from gen_charges

),

vendor_totals as (

    select 'pinecone' as provider, _period as billing_period, `Cost` as amount from gen_pinecone
    union all
    select 'deepgram', _period, dollars from gen_deepgram

)

select provider, billing_period, sum(amount) as total
from (select * from usage_totals union all select * from charge_totals union all select * from vendor_totals)
group by 1, 2
