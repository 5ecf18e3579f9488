-- Block call_prices (included by the transforms that price model calls from their tokens): each row of
-- the including file's CTE calls_to_price (provider, model, usage_date, input_tokens — the total as
-- reported, cache reads and writes included —, cache_read_tokens, cache_write_tokens, output_tokens) with
-- priced_cost: its tokens at the price book (view prices) in effect on its day, token type by token type;
-- a cache price the book lacks is the input price. input_priced / output_priced: the book has that price.
prices_by_type as (

    -- one row per provider x model x token type x price period; each token type's periods are its own,
    -- so a price change of one type never duplicates a call that another type's open range also covers
    select provider, model, token_type, effective_from, coalesce(effective_to, date '9999-12-31') as effective_to,
           price_per_million
    from prices

),

priced_calls as (

    select
        c.*,
        -- token types do not overlap: uncached input = input total - cache read - cache write
        cast((greatest(coalesce(c.input_tokens, 0) - coalesce(c.cache_read_tokens, 0) - coalesce(c.cache_write_tokens, 0), 0)
                  * coalesce(pi.price_per_million, 0)
              + coalesce(c.cache_read_tokens, 0) * coalesce(pr.price_per_million, pi.price_per_million, 0)
              + coalesce(c.cache_write_tokens, 0) * coalesce(pw.price_per_million, pi.price_per_million, 0)
              + coalesce(c.output_tokens, 0) * coalesce(po.price_per_million, 0)) / 1000000 as decimal(24, 12)) as priced_cost,
        pi.price_per_million is not null as input_priced,
        po.price_per_million is not null as output_priced
    from calls_to_price as c
    left join prices_by_type as pi
        on pi.provider = c.provider and pi.model = c.model and pi.token_type = 'input'
        and c.usage_date between pi.effective_from and pi.effective_to
    left join prices_by_type as pr
        on pr.provider = c.provider and pr.model = c.model and pr.token_type = 'cache_read'
        and c.usage_date between pr.effective_from and pr.effective_to
    left join prices_by_type as pw
        on pw.provider = c.provider and pw.model = c.model and pw.token_type = 'cache_write'
        and c.usage_date between pw.effective_from and pw.effective_to
    left join prices_by_type as po
        on po.provider = c.provider and po.model = c.model and po.token_type = 'output'
        and c.usage_date between po.effective_from and po.effective_to

)
