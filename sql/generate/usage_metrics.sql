-- usage_metrics: vector queries per day x customer x product x env (generator), in the contract's
-- usage_metrics CSV shape: each retrieval step of an action runs 3 queries against the vector index.
-- View gen_cube.
with retrievals as (

    select usage_date, billing_period, customer, product, env, sum(retrievals) as retrievals
    from gen_cube
    group by 1, 2, 3, 4, 5
    having sum(retrievals) > 0

),

final as (

    select
        cast(usage_date as string) as date,
        'vector_queries' as metric,
        cast(retrievals * 3 as string) as quantity,
        customer,
        product,
        env,
        billing_period as _period
    from retrievals

)

select * from final order by date, customer, product, env
