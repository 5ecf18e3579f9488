-- simulated_calls: every model call a simulation touches, as it is and as it would be. Grain: one row per
-- scenario x call (view sim_calls: the silver.usage rows the scenario's `where` selects, with their
-- silver.request_costs cost and the scenario's settings). The call moves to the target model (default its
-- own) with its input scaled by input_tokens_factor — cache_read_share of the uncached part read from the
-- cache instead — and its output by output_tokens_factor, and is priced at the price book in effect on its
-- day (sql/blocks/call_prices.sql). Its cost keeps the billed-to-list ratio it has today (cost ÷ priced
-- cost, 1 for a call the book did not price), so discounts and commitments carry over; the number of calls
-- is scaled by calls_factor and a response_cache_hit_rate share needs no model call.
with affected as (

    select * from sim_calls

),

scaled as (

    -- uncached input u = input - cache read - cache write; tokens to 6 decimals (factors make fractions)
    select
        *,
        cast(greatest(coalesce(input_tokens, 0) - coalesce(cache_read_tokens, 0) - coalesce(cache_write_tokens, 0), 0) as decimal(20, 0))
            * input_tokens_factor as uncached_after,
        cast(coalesce(cache_read_tokens, 0) as decimal(20, 0)) * input_tokens_factor as cache_read_after,
        cast(coalesce(cache_write_tokens, 0) as decimal(20, 0)) * input_tokens_factor as cache_write_after
    from affected

),

calls_to_price as (

    select
        scenario, event_id, billing_period, customer, product, feature, step, trace_id,
        baseline_cost, baseline_priced_cost, calls_factor, response_cache_hit_rate,
        provider as provider_before, model as model_before,
        coalesce(target_provider, provider) as provider,
        coalesce(target_model, model) as model,
        usage_date,
        cast(uncached_after + cache_read_after + cache_write_after as decimal(24, 6)) as input_tokens,
        cast(cache_read_after + uncached_after * cache_read_share as decimal(24, 6)) as cache_read_tokens,
        cast(cache_write_after as decimal(24, 6)) as cache_write_tokens,
        cast(cast(coalesce(output_tokens, 0) as decimal(20, 0)) * output_tokens_factor as decimal(24, 6)) as output_tokens
    from scaled

),

@include blocks/call_prices.sql,

final as (

    select
        scenario, event_id, billing_period, customer, product, feature, step, trace_id,
        provider_before, model_before, provider, model, usage_date,
        input_tokens, output_tokens, input_priced, output_priced,
        cast(baseline_cost as decimal(38, 12)) as baseline_cost,
        -- casts keep Spark's DECIMAL products from cutting the scale below 11 decimals
        cast(
            cast(priced_cost * cast(case when baseline_priced_cost > 0
                                         then cast(baseline_cost as decimal(24, 12)) / baseline_priced_cost
                                         else 1 end as decimal(18, 12))
                 as decimal(30, 14))
            * cast(calls_factor * (1 - response_cache_hit_rate) as decimal(20, 10))
        as decimal(38, 12)) as simulated_cost
    from priced_calls

)

select * from final
