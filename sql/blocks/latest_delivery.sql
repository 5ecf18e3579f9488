-- Block latest_delivery (included by the transforms of the sources whose deliveries upsert: API reports,
-- usage metrics, revenue, invoices, customer lists): of the including file's CTE source, whose column
-- delivery_key is the contract's upsert key, the newest record per key: the file content ingested last
-- (_delivered_at, from silver.ingest_log), then the greater file name, then the later record.
latest as (

    select *
    from (
        select *, row_number() over (partition by delivery_key order by _delivered_at desc, _file desc, _row desc) as newest_first
        from source
    )
    where newest_first = 1

)
