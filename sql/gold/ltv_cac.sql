-- gold.ltv_cac: one row per period x plan x scenario ('baseline' and every scenario of gold.stress).
-- A plan's customers are those whose winning plan of the period it is (sql/blocks/customer_plans.sql:
-- paid over trial over free). Of them:
--   arpa = revenue / customers;  gross_margin_pct = (revenue - cogs) / revenue x 100 (blended: all COGS)
--   ltv = arpa x gross margin / monthly_churn = (revenue - cogs) / customers / monthly_churn
--   ltv_to_cac = ltv / cac
-- Under a scenario each customer's AI COGS is stressed as gold.stress stresses a product's, its other
-- COGS stays:
--   (ai_cogs + token_ai_cogs x token_price_change
--    + its heavy users' cost x (heavy_user_multiplier - 1) x (1 + token_price_change)) x variance_buffer
-- COGS no customer carries (customer 'unallocated') is in no plan: gold.allocation_coverage shows it.
-- monthly_churn and cac are measured from the period's customer list (silver.customers, a `customers`
-- source) over the trailing twelve months m = P-11 .. P, per plan:
--   monthly_churn = customers churned in m / customers active at the start of m, summed over the months
--                   (active at the start of m: acquired before m, not churned before m)
--   cac           = acquisition cost / customers acquired in the months (reporting currency)
-- A customer's plan is the list's, else its plan of the latest revenue month up to P. Without a churn
-- (or an acquisition) in the window, the figure is configured: unit_economics.plans.<plan>, else
-- unit_economics (view unit_economics, name '*'); churn_source and cac_source say which. Without a
-- churn, ltv and ltv_to_cac are null, and ltv_to_cac also without a cac above 0.
-- Views: classified, revenue, revenue_history (revenue up to the last period built), customers,
-- request_costs, stress_scenarios, unit_economics.
with plan_revenue as (

    -- every month up to the last built: a listed customer's plan may be of an earlier month (revenue_plans)
    select billing_period, customer, lower(plan) as plan from revenue_history where customer is not null and plan is not null

),

@include blocks/customer_plans.sql,

@include blocks/stress_inputs.sql,

customer_revenue as (

    select billing_period, customer, sum(revenue_reporting) as revenue
    from revenue
    where customer is not null
    group by 1, 2

),

customer_cogs as (

    -- DECIMAL(28,10), so a product with the scenario's DECIMAL(12,10) parameters keeps 17 decimals
    select
        billing_period,
        customer,
        cast(sum(amount) as decimal(28, 10)) as cogs,
        cast(sum(case when is_ai then amount else 0 end) as decimal(28, 10)) as ai_cogs,
        cast(sum(case when is_ai and cost_component = 'inference' then amount else 0 end) as decimal(28, 10)) as token_ai_cogs
    from classified
    where pnl_category = 'COGS' and customer is not null
    group by 1, 2

),

customer_heavy as (

    -- the customer's calls by users who are among their product's heaviest under the scenario
    select c.billing_period, c.customer, h.scenario, cast(sum(c.cost) as decimal(28, 10)) as heavy_cogs
    from request_costs as c
    join heavy_users as h
        on h.billing_period = c.billing_period and h.product = coalesce(c.product, 'unallocated') and h.user = c.user
    where c.customer is not null
    group by 1, 2, 3

),

per_customer as (

    select
        p.billing_period,
        p.plan,
        p.customer,
        s.scenario,
        coalesce(r.revenue, 0) as revenue,
        coalesce(c.cogs, 0) - coalesce(c.ai_cogs, 0)
            + (coalesce(c.ai_cogs, 0)
                + coalesce(c.token_ai_cogs, 0) * s.token_price_change
                + coalesce(h.heavy_cogs, 0) * (s.heavy_user_multiplier - 1) * (1 + s.token_price_change))
              * s.variance_buffer as cogs
    from customer_plans as p
    cross join stress_params as s
    left join customer_revenue as r on r.billing_period = p.billing_period and r.customer = p.customer
    left join customer_cogs as c on c.billing_period = p.billing_period and c.customer = p.customer
    left join customer_heavy as h on h.billing_period = p.billing_period and h.customer = p.customer and h.scenario = s.scenario
    where p.billing_period in (select billing_period from customer_revenue)

),

per_plan as (

    select
        billing_period,
        plan,
        scenario,
        count(*) as customers,
        cast(sum(revenue) as decimal(28, 10)) as revenue,
        cast(sum(cogs) as decimal(28, 10)) as cogs
    from per_customer
    group by 1, 2, 3

),

revenue_plans as (

    -- a listed customer without a plan of its own: its plan (customer_plans) of its latest revenue month up to the list's
    select
        l.billing_period,
        l.customer,
        p.plan,
        row_number() over (partition by l.billing_period, l.customer order by p.billing_period desc) as plan_rank
    from customers as l
    join customer_plans as p on p.customer = l.customer and p.billing_period <= l.billing_period
    where l.plan is null

),

listed_customers as (

    select l.billing_period, coalesce(l.plan, rp.plan) as plan, l.customer, l.acquired_period, l.churned_period, l.acquisition_cost_reporting
    from customers as l
    left join revenue_plans as rp on rp.billing_period = l.billing_period and rp.customer = l.customer and rp.plan_rank = 1

),

window_months as (

    select billing_period, date_format(month_start, 'yyyy-MM') as month
    from (select distinct billing_period from customers) as lists
    lateral view explode(sequence(add_months(to_date(billing_period || '-01'), -11), to_date(billing_period || '-01'), interval 1 month)) as month_start

),

measured as (

    select
        c.billing_period,
        c.plan,
        count(case when c.acquired_period < w.month and (c.churned_period is null or c.churned_period >= w.month) then 1 end) as active_at_start,
        count(case when c.acquired_period < w.month and c.churned_period = w.month then 1 end) as churned,
        count(case when c.acquired_period = w.month then 1 end) as acquired,
        cast(sum(case when c.acquired_period = w.month then c.acquisition_cost_reporting end) as decimal(38, 10)) as acquisition_cost
    from listed_customers as c
    join window_months as w on w.billing_period = c.billing_period
    where c.plan is not null
    group by 1, 2

),

with_settings as (

    select
        pp.*,
        cast(coalesce(
            case when m.churned > 0 then cast(m.churned as decimal(20, 0)) / cast(m.active_at_start as decimal(20, 0)) end,
            byplan.monthly_churn, every.monthly_churn) as decimal(12, 10)) as monthly_churn,
        case when m.churned > 0 then 'measured' when coalesce(byplan.monthly_churn, every.monthly_churn) is not null then 'configured' end as churn_source,
        cast(coalesce(
            case when m.acquired > 0 then m.acquisition_cost / cast(m.acquired as decimal(20, 0)) end,
            byplan.cac_per_customer, every.cac_per_customer) as decimal(28, 10)) as cac,
        case when m.acquired > 0 then 'measured' when coalesce(byplan.cac_per_customer, every.cac_per_customer) is not null then 'configured' end as cac_source
    from per_plan as pp
    left join measured as m on m.billing_period = pp.billing_period and m.plan = pp.plan
    left join unit_economics as byplan on byplan.name = pp.plan
    left join unit_economics as every on every.name = '*'

),

with_ltv as (

    -- one division, DECIMAL(28,10) by DECIMAL(28,10), so LTV is rounded once to 10 decimals
    select *, cast(cast(revenue - cogs as decimal(28, 10)) / cast(cast(customers as decimal(20, 0)) * monthly_churn as decimal(28, 10)) as decimal(28, 10)) as ltv
    from with_settings

),

final as (

    select
        billing_period,
        plan,
        scenario,
        customers,
        cast(revenue as decimal(38, 10)) as revenue,
        cast(cogs as decimal(38, 10)) as cogs,
        cast(revenue / customers as decimal(38, 10)) as arpa,
        cast(case when revenue <> 0 then round((revenue - cogs) * 100 / revenue, 4) end as decimal(12, 4)) as gross_margin_pct,
        monthly_churn,
        churn_source,
        cast(ltv as decimal(38, 10)) as ltv,
        cast(cac as decimal(38, 10)) as cac,
        cac_source,
        cast(case when cac > 0 then round(ltv / cac, 4) end as decimal(20, 4)) as ltv_to_cac
    from with_ltv

)

select * from final
