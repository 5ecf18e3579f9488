-- Block customer_plans (included by classification's customer_plans and gold.ltv_cac): a customer's plan
-- per period from the including file's CTE plan_revenue (billing_period, customer, plan in lower case).
-- A customer with several revenue rows in a period (several products, or a trial that converted) has the
-- best of them: paid over trial over free, so a customer who pays in a month is served as a paying
-- customer for the whole month. Other plan names rank below free, alphabetically.
ranked_plans as (

    select
        billing_period,
        customer,
        plan,
        row_number() over (
            partition by billing_period, customer
            order by case plan when 'paid' then 1 when 'trial' then 2 when 'free' then 3 else 4 end, plan
        ) as plan_rank
    from plan_revenue

),

customer_plans as (

    select billing_period, customer, plan from ranked_plans where plan_rank = 1

)
