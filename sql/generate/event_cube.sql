-- event_cube: the generated model calls summed per day x billed provider x account x model x customer x
-- product x env (generator). The bills, the revenue and the usage metrics are derived from it, so they
-- agree with the events exactly. Tokens are non-overlapping (input = uncached input). View gen_events.
with events as (

    select * from gen_events

),

final as (

    select
        _usage_date as usage_date,
        _period as billing_period,
        _provider as provider,
        provider_account,
        _model as model,
        customer,
        product,
        env,
        sum(_input) as input_tokens,
        sum(_cache_read) as cache_read_tokens,
        sum(_cache_write) as cache_write_tokens,
        sum(_output) as output_tokens,
        count(*) as requests,
        count_if(_retrieval) as retrievals
    from events
    group by 1, 2, 3, 4, 5, 6, 7, 8

)

select * from final
