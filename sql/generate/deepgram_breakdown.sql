-- deepgram_breakdown: the transcription vendor's billing breakdown (generator), in the layout of Deepgram's
-- GET /v1/projects/{id}/billing/breakdown?grouping=line_item&grouping=tags saved as CSV, one result a row,
-- columns named by their JSON path (jobs/src/test/resources/fixtures/mapped/SOURCES.md). The assistant's
-- voice mode: customers of index 0, 3, 6… talk to it, each production action of theirs (4 calls, view
-- gen_cube) 1.2 minutes of streamed speech (streaming::nova-3, $0.0077 a minute) and 0.6 of recordings
-- transcribed after (batch::nova-3, $0.0043 a minute), the customer as the request's tag; one row per day x
-- line item x tag, dollars rounded to the cent, so the invoice is their sum. Days after :billed_through are
-- not reported yet. Views: gen_cube, gen_customers. Parameter :billed_through.
with actions as (

    select c.usage_date, c.billing_period, c.customer, cast(sum(c.requests) as decimal(20, 4)) / 4 as actions
    from gen_cube as c
    join gen_customers as v on v.customer = c.customer and v.customer_idx % 3 = 0
    where c.usage_date <= :billed_through and c.env = 'prod' and c.product = 'assistant'
    group by 1, 2, 3

),

line_items as (

    select a.*, l.line_item, l.minutes_per_action, l.price_per_minute
    from actions as a
    cross join (values ('streaming::nova-3', 1.2, 0.0077), ('batch::nova-3', 0.6, 0.0043))
        as l(line_item, minutes_per_action, price_per_minute)

),

final as (

    select
        cast(round(cast(actions * minutes_per_action as decimal(20, 4)) * price_per_minute, 2) as decimal(38, 2)) as dollars,
        cast(usage_date as string) as `grouping.start`,
        cast(date_add(usage_date, 1) as string) as `grouping.end`,
        cast(null as string) as `grouping.accessor`,
        'hosted' as `grouping.deployment`,
        line_item as `grouping.line_item`,
        customer as `grouping.tags`,
        billing_period as _period
    from line_items

)

select * from final where dollars > 0 order by `grouping.start`, `grouping.line_item`, `grouping.tags`
