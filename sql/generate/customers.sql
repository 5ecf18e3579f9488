-- customers: the synthetic company's customers (generator). Grain: one row per customer index.
-- Index 0 is the enterprise customer (its Bedrock traffic runs in a dedicated, tagged AWS account);
-- indexes 2, 52, 102… are heavy customers: few users, long prompts, a cheap plan (cost above revenue).
-- markup: revenue over the customer's AI cost (0 for free and trial plans). View gen_customer_ids
-- (spark.range); parameters :seed.
with ids as (

    select id as customer_idx from gen_customer_ids

),

drawn as (

    select
        customer_idx,
        pmod(xxhash64(:seed, 'plan', customer_idx), 1000000007) / 1000000007D as u_plan,
        pmod(xxhash64(:seed, 'search', customer_idx), 1000000007) / 1000000007D as u_search,
        pmod(xxhash64(:seed, 'users', customer_idx), 1000000007) / 1000000007D as u_users,
        pmod(xxhash64(:seed, 'markup', customer_idx), 1000000007) / 1000000007D as u_markup,
        customer_idx = 0 as is_enterprise,
        customer_idx % 50 = 2 as is_heavy
    from ids

),

final as (

    select
        customer_idx,
        format_string('cust-%04d', customer_idx + 1) as customer,
        case
            when is_enterprise or is_heavy then 'paid'
            when u_plan < 0.70 then 'paid'
            when u_plan < 0.85 then 'trial'
            else 'free'
        end as plan,
        is_enterprise or u_search < 0.4 as has_search,
        case when is_enterprise then 40 when is_heavy then 2 else 1 + cast(floor(u_users * 12) as int) end as users,
        is_heavy,
        is_enterprise,
        case
            when is_enterprise then 3.5D
            when is_heavy then 0.5D
            else 4.0D + 4.0D * u_markup
        end as markup
    from drawn

)

select * from final
