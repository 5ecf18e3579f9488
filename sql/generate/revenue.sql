-- revenue: recognised revenue per billing period x customer x product x stream (generator), in the
-- contract's revenue CSV shape. A paid customer's AI revenue (stream ai) on a product is its priced AI
-- cost there (view gen_customer_cost) times its markup; free and trial plans bring 0. Paid customers also
-- pay the assistant's seat licence (stream platform), bundled in the same product: the assistant's
-- blended margin is then far above its AI layer. Heavy customers' markup is below 1: their cost exceeds
-- their revenue. Views: gen_customers, gen_customer_cost, gen_periods.
with customers as (

    select * from gen_customers

),

periods as (

    select billing_period from gen_periods

),

products as (

    select c.*, p.billing_period, x.product
    from customers as c
    cross join periods as p
    lateral view explode(case when c.has_search then array('assistant', 'search') else array('assistant') end) x as product

),

ai_revenue as (

    select
        p.billing_period,
        p.customer,
        p.product,
        p.plan,
        'ai' as stream,
        case
            when p.plan <> 'paid' then cast(0 as decimal(38, 2))
            else cast(round(coalesce(k.cost, 0) * cast(p.markup as decimal(10, 6)), 2) as decimal(38, 2))
        end as revenue
    from products as p
    left join gen_customer_cost as k
        on k.billing_period = p.billing_period and k.customer = p.customer and k.product = p.product

),

platform_fees as (

    -- the non-AI seat licence, the larger part of a paid customer's bill: 3x what it pays for the AI
    -- products (the demo company then shows a blended margin near 65% and an AI layer near 40%)
    select billing_period, customer, 'assistant' as product, plan, 'platform' as stream,
           cast(case when max(is_heavy) then 0 else round(sum(revenue) * 3, 2) end as decimal(38, 2)) as revenue
    from (select a.*, c.is_heavy from ai_revenue as a join customers as c on c.customer = a.customer)
    where plan = 'paid'
    group by billing_period, customer, plan

),

final as (

    select billing_period, customer, product, plan, stream, revenue, 'USD' as currency
    from (select * from ai_revenue union all select * from platform_fees)

)

select * from final order by billing_period, customer, product, stream
