-- gold.user_cost_distribution: one row per period x product over users' request costs.
-- Percentiles nearest-rank; the top 1% is the ceil(1% x users) costliest users; a user's revenue is
-- the customer's revenue for the product / the customer's active users on it.
with user_costs as (

    select billing_period, coalesce(product, 'unknown') as product, customer, user, sum(cost) as cost
    from request_costs
    where user is not null
    group by 1, 2, 3, 4

),

customer_users as (

    select billing_period, product, customer, count(*) as users from user_costs group by 1, 2, 3

),

customer_revenue as (

    select billing_period, product, customer, sum(revenue_reporting) as revenue from revenue group by 1, 2, 3

),

ranked as (

    select
        u.*,
        coalesce(r.revenue, 0) / cu.users as revenue_share,
        row_number() over (partition by u.billing_period, u.product order by u.cost) as cost_rank,
        row_number() over (partition by u.billing_period, u.product order by u.cost desc) as cost_rank_desc,
        count(*) over (partition by u.billing_period, u.product) as n
    from user_costs as u
    join customer_users as cu
        on cu.billing_period = u.billing_period and cu.product = u.product and cu.customer <=> u.customer
    left join customer_revenue as r
        on r.billing_period = u.billing_period and r.product = u.product and r.customer = u.customer

),

final as (

    select
        billing_period,
        product,
        count(*) as users,
        cast(max(case when cost_rank = ceil(0.5 * n) then cost end) as decimal(38, 10)) as p50_cost_per_user,
        cast(max(case when cost_rank = ceil(0.9 * n) then cost end) as decimal(38, 10)) as p90_cost_per_user,
        cast(max(case when cost_rank = ceil(0.99 * n) then cost end) as decimal(38, 10)) as p99_cost_per_user,
        cast(case when sum(cost) > 0
                  then sum(case when cost_rank_desc <= ceil(0.01 * n) then cost else 0 end) / sum(cost) end as decimal(12, 10)) as top1pct_cost_share,
        count_if(cost > revenue_share) as users_cost_above_revenue
    from ranked
    group by 1, 2

)

select * from final
