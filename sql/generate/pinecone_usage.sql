-- pinecone_usage: the vector database's usage report (generator), in the layout of Pinecone's console
-- download (Settings > Usage, scope SKU; jobs/src/test/resources/fixtures/mapped/SOURCES.md): one row per
-- day x index x SKU with its quantity and cost. Each customer with the search product has an index
-- docs-<customer> in project search-prod (its staging calls query search-staging). Read units are the day's
-- retrievals (view gen_cube) x 3 queries x 60 read units at $16 per million; storage is the index's 1-8 GB
-- (drawn per customer) at $0.33 per GB-month, one row a day; each cost rounded to the cent, as the report
-- shows it, so the invoice is their sum. Days after :billed_through are not reported yet.
-- Views: gen_cube, gen_customers. Parameters: :seed, :billed_through.
with retrievals as (

    select usage_date, billing_period, customer, env, sum(retrievals) as retrievals
    from gen_cube
    where usage_date <= :billed_through and customer is not null
    group by 1, 2, 3, 4
    having sum(retrievals) > 0

),

days as (

    select distinct usage_date, billing_period from gen_cube where usage_date <= :billed_through

),

indexes as (

    select customer, 1 + pmod(xxhash64(:seed, 'pinecone_gb', customer), 8) as gigabytes
    from gen_customers
    where has_search

),

usage as (

    select usage_date, billing_period, customer, env, 'Serverless Read Units' as sku,
           cast(retrievals * 3 * 60 as decimal(38, 6)) as quantity, 'read units' as unit,
           cast(16 as decimal(10, 6)) / 1000000 as unit_price
    from retrievals

    union all

    select d.usage_date, d.billing_period, i.customer, 'prod', 'Serverless Storage',
           cast(round(i.gigabytes / day(last_day(d.usage_date)), 6) as decimal(38, 6)), 'GB-months',
           cast(0.33 as decimal(10, 6))
    from days as d
    cross join indexes as i

),

final as (

    select
        cast(usage_date as string) as `Date`,
        case when env = 'prod' then 'search-prod' else 'search-staging' end as `Project`,
        case when env = 'prod' then 'proj-7f3a' else 'proj-2c91' end as `Project ID`,
        concat('docs-', customer) as `Index`,
        'Database' as `Service`,
        sku as `SKU`,
        'aws' as `Cloud`,
        'us-east-1' as `Region`,
        quantity as `Quantity`,
        unit as `Unit`,
        cast(round(quantity * unit_price, 2) as decimal(38, 2)) as `Cost`,
        'USD' as `Currency`,
        case when env = 'prod' then 'environment=production' else 'environment=staging' end as `Project Tags`,
        concat('customer=', customer) as `Index Tags`,
        billing_period as _period
    from usage

)

select * from final where `Cost` > 0 order by `Date`, `Index`, `SKU`, `Project`
