-- customer_plans: a customer's plan per period, for the classification rules' `plan` column.
-- Grain: one row per billing period x customer (view classify_revenue: silver.revenue of the periods);
-- the plan that wins is sql/blocks/customer_plans.sql's. No revenue row: 'unknown' (the join).
with plan_revenue as (

    select billing_period, customer, lower(plan) as plan from classify_revenue where customer is not null

),

@include blocks/customer_plans.sql

select * from customer_plans
