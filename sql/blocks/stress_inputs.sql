-- Block stress_inputs (included by the transforms that apply gold.stress's scenarios: stress, ltv_cac):
-- stress_params: 'baseline' (no change) and every configured scenario (view stress_scenarios);
-- heavy_users: per period x product x scenario, the ceil(heavy_user_share x users) costliest users of the
-- product by request cost (view request_costs: usage-driven model cost), ties broken by user id.
user_costs as (

    select
        billing_period,
        coalesce(product, 'unallocated') as product,
        user,
        sum(cost) as cost
    from request_costs
    where user is not null
    group by 1, 2, 3

),

ranked_users as (

    select
        *,
        row_number() over (partition by billing_period, product order by cost desc, user) as rank_desc,
        count(*) over (partition by billing_period, product) as users
    from user_costs

),

stress_params as (

    select 'baseline' as scenario, cast(0 as decimal(12, 10)) as token_price_change, cast(1 as decimal(12, 10)) as variance_buffer,
           cast(1 as decimal(12, 10)) as heavy_user_multiplier, cast(0 as decimal(12, 10)) as heavy_user_share
    union all
    select name, cast(token_price_change as decimal(12, 10)), cast(variance_buffer as decimal(12, 10)),
           cast(heavy_user_multiplier as decimal(12, 10)), cast(heavy_user_share as decimal(12, 10))
    from stress_scenarios

),

heavy_users as (

    select u.billing_period, u.product, s.scenario, u.user, u.cost
    from ranked_users as u
    cross join stress_params as s
    where u.rank_desc <= ceil(s.heavy_user_share * u.users)

)
