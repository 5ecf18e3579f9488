-- customer_plans: a customer's plan per period, for the classification rules' `plan` column.
-- Grain: one row per billing period x customer (view classify_revenue: silver.revenue of the periods).
-- A customer with several revenue rows in a period (several products, or a trial that converted) has
-- the best of them: paid over trial over free, so a customer who pays in a month is served as a paying
-- customer for the whole month. Other plan names rank below free. No revenue row: 'unknown' (the join).
with revenue as (

    select billing_period, customer, lower(plan) as plan from classify_revenue where customer is not null

),

ranked as (

    select
        billing_period,
        customer,
        plan,
        row_number() over (
            partition by billing_period, customer
            order by case plan when 'paid' then 1 when 'trial' then 2 when 'free' then 3 else 4 end, plan
        ) as plan_rank
    from revenue

),

final as (

    select billing_period, customer, plan from ranked where plan_rank = 1

)

select * from final
