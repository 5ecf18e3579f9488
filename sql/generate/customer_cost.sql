-- customer_cost: each customer's AI cost per billing period and product at the price book's prices
-- (generator), from the generated calls (view gen_cube); revenue is set against it.
with cube as (

    select * from gen_cube

),

priced as (

    select
        c.billing_period,
        c.customer,
        c.product,
        case t.token_type when 'input' then c.input_tokens when 'cache_read' then c.cache_read_tokens
                          when 'cache_write' then c.cache_write_tokens else c.output_tokens end as tokens,
        p.price_per_million
    from cube as c
    cross join (values ('input'), ('cache_read'), ('cache_write'), ('output')) as t(token_type)
    join prices as p
        on p.provider = c.provider and p.model = c.model and p.token_type = t.token_type
        and c.usage_date >= p.effective_from and (p.effective_to is null or c.usage_date <= p.effective_to)

),

final as (

    select billing_period, customer, product, cast(sum(tokens * price_per_million) / 1000000 as decimal(38, 10)) as cost
    from priced
    group by 1, 2, 3

)

select * from final
