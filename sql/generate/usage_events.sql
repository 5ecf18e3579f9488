-- usage_events: the product's log of model calls, as its OpenTelemetry GenAI instrumentation writes
-- them (generator). Grain: one row per model call (event id = spark.range id, mixed into a unique span
-- id). Four calls make one user action (trace): classifier, embedding, primary, then eval (or a retry).
-- An action's time grows with its number, so each range partition covers a contiguous stretch of time.
-- Columns starting with _ are for the generator (day, billed provider, canonical model, non-overlapping
-- token counts); the others are written. About 1 in 5 calls nests its gen_ai.* attributes under
-- `attributes`; 1 in 10 flat calls uses the older name gen_ai.system.
-- In [:runaway_from_epoch, :runaway_to_epoch) the second most active customer's primary calls carry 60
-- times their usual prompt (an agent stuck in a loop): a week of cost the anomaly detection flags.
-- Context grows with tenure: every user is seen from the first month, and a user's primary prompts carry
-- the conversation so far, +50% of the first month's length per month since; 3 users in 10 have it
-- summarized after their first month (+50% once, then no more growth).
-- Views: gen_event_ids, gen_customers, gen_models. Parameters: :seed, :customers, :heavy_count,
-- :traces, :start_epoch, :span_seconds, :runaway_from_epoch, :runaway_to_epoch.
with ids as (

    select id, cast(floor(id / 4) as bigint) as trace_no, cast(pmod(id, 4) as int) as call_no from gen_event_ids

),

drawn as (

    select
        *,
        pmod(xxhash64(:seed, 'time', trace_no), 1000000007) / 1000000007D as u_time,
        pmod(xxhash64(:seed, 'customer', trace_no), 1000000007) / 1000000007D as u_customer,
        pmod(xxhash64(:seed, 'heavy', trace_no), 1000000007) / 1000000007D as u_heavy,
        pmod(xxhash64(:seed, 'provider', trace_no), 1000000007) / 1000000007D as u_provider,
        pmod(xxhash64(:seed, 'product', trace_no), 1000000007) / 1000000007D as u_product,
        pmod(xxhash64(:seed, 'feature', trace_no), 1000000007) / 1000000007D as u_feature,
        pmod(xxhash64(:seed, 'user', trace_no), 1000000007) / 1000000007D as u_user,
        pmod(xxhash64(:seed, 'env', trace_no), 1000000007) / 1000000007D as u_env,
        pmod(xxhash64(:seed, 'retry', trace_no), 1000000007) / 1000000007D as u_retry,
        pmod(xxhash64(:seed, 'input', id), 1000000007) / 1000000007D as u_input,
        pmod(xxhash64(:seed, 'output', id), 1000000007) / 1000000007D as u_output,
        pmod(xxhash64(:seed, 'cache_read', id), 1000000007) / 1000000007D as u_cache_read,
        pmod(xxhash64(:seed, 'cache_write', id), 1000000007) / 1000000007D as u_cache_write,
        pmod(xxhash64(:seed, 'shape', id), 1000000007) / 1000000007D as u_shape
    from ids

),

actions as (

    select
        d.*,
        -- power law over all customers, plus a fixed share of actions for the heavy ones
        case
            when :heavy_count > 0 and u_heavy < 0.12 then 2 + 50 * cast(floor(u_customer * :heavy_count) as int)
            else cast(floor(:customers * u_customer * u_customer) as int)
        end as customer_idx,
        case when u_provider < 0.45 then 'aws' when u_provider < 0.75 then 'azure' else 'gcp' end as trace_provider,
        case call_no when 0 then 'classifier' when 1 then 'embedding' when 2 then 'primary'
             else case when u_retry < 0.15 then 'retry' else 'eval' end end as step,
        :start_epoch + cast(floor((trace_no + u_time) * (:span_seconds - 120) / :traces) as bigint) + call_no * 2 as epoch_second
    from drawn as d

),

calls as (

    select
        a.*,
        c.customer as customer_id,
        c.users,
        c.has_search,
        c.is_heavy,
        c.is_enterprise,
        m.provider as billed_provider,
        m.gen_ai_provider,
        m.gen_ai_system,
        m.operation,
        m.request_model,
        m.response_model,
        m.model,
        m.cache_read_max,
        m.cache_write_max,
        m.reasoning,
        u_env < 0.03 as is_staging
    from actions as a
    join gen_customers as c on c.customer_idx = a.customer_idx
    join gen_models as m on m.trace_provider = a.trace_provider and m.role = case when a.step = 'retry' then 'primary' else a.step end

),

tenured as (

    select
        *,
        cast(floor(u_user * users) as int) + 1 as user_no,
        (year(timestamp_seconds(epoch_second)) * 12 + month(timestamp_seconds(epoch_second)))
            - (year(timestamp_seconds(:start_epoch)) * 12 + month(timestamp_seconds(:start_epoch))) as months_since_start
    from calls

),

grown as (

    select
        *,
        -- the prompt's growth in halves of its first month's length: one a month, or one at most once summarized
        case when pmod(xxhash64(:seed, 'summarized', customer_idx, user_no), 10) < 3 then least(months_since_start, 1)
             else months_since_start end as context_halves
    from tenured

),

tokens as (

    select
        *,
        cast(case
            when step = 'classifier' then 300 + floor(500 * u_input)
            when step = 'embedding' then 100 + floor(700 * u_input)
            when step in ('primary', 'retry') then floor((1500 + floor(4500 * u_input)) * (2 + context_halves) / 2)
                * case when is_heavy then 3 else 1 end
                * case when customer_idx = 1 and epoch_second >= :runaway_from_epoch and epoch_second < :runaway_to_epoch then 60 else 1 end
            else 800 + floor(1200 * u_input)
        end as bigint) as input_total,
        cast(case
            when step = 'classifier' then 5 + floor(15 * u_output)
            when step = 'embedding' then 0
            when step in ('primary', 'retry') then (200 + floor(1000 * u_output)) * case when is_heavy then 2 else 1 end
            else 20 + floor(80 * u_output)
        end as bigint) as output_total
    from grown

),

counted as (

    select
        *,
        cast(floor(input_total * cache_read_max * u_cache_read) as bigint) as cache_read,
        cast(case when u_cache_write < 0.3 then floor(input_total * cache_write_max * u_shape) else 0 end as bigint) as cache_write,
        case when reasoning then cast(floor(output_total * 0.3) as bigint) end as reasoning_tokens,
        case when is_staging then 'internal-qa' else customer_id end as customer,
        case when not is_staging and has_search and u_product < 0.35 then 'search' else 'assistant' end as product,
        timestamp_seconds(epoch_second) as event_time
    from tokens

),

shaped as (

    select
        *,
        case when product = 'search' then case when u_feature < 0.7 then 'semantic_search' else 'answer' end
             else case when u_feature < 0.6 then 'chat' when u_feature < 0.85 then 'summarize' else 'draft' end
        end as feature,
        case when is_staging then 'qa-bot'
             else concat(customer, '-u', lpad(cast(user_no as string), 3, '0')) end as user,
        case
            when billed_provider = 'aws' and is_enterprise and not is_staging then '222222222222'
            when billed_provider = 'aws' then '111111111111'
            when billed_provider = 'azure' then '6f1c2b9e-5a34-4d7e-9b1a-0c2d3e4f5a6b'
            else 'acme-ai-prod'
        end as provider_account,
        u_shape < 0.2 as nested,
        u_shape >= 0.2 and u_shape < 0.3 as old_name,
        cache_read_max > 0 or cache_write_max > 0 as has_cache
    from counted

),

final as (

    select
        lower(lpad(hex((id ^ xxhash64(:seed, 'event')) * -7046029254386353131L), 16, '0')) as event_id,
        date_format(event_time, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'") as timestamp,
        lower(concat(lpad(hex(xxhash64(:seed, 'trace', trace_no)), 16, '0'),
                     lpad(hex((trace_no ^ xxhash64(:seed, 'trace')) * -4658895280553007687L), 16, '0'))) as trace_id,
        step,
        case when not nested and not old_name then gen_ai_provider end as `gen_ai.provider.name`,
        case when old_name then gen_ai_system end as `gen_ai.system`,
        case when not nested then operation end as `gen_ai.operation.name`,
        case when not nested then request_model end as `gen_ai.request.model`,
        case when not nested then response_model end as `gen_ai.response.model`,
        case when not nested then input_total end as `gen_ai.usage.input_tokens`,
        case when not nested then output_total end as `gen_ai.usage.output_tokens`,
        case when not nested and has_cache then cache_read end as `gen_ai.usage.cache_read.input_tokens`,
        case when not nested and has_cache then cache_write end as `gen_ai.usage.cache_creation.input_tokens`,
        case when not nested then reasoning_tokens end as `gen_ai.usage.reasoning.output_tokens`,
        case when nested then named_struct(
            'gen_ai.provider.name', gen_ai_provider,
            'gen_ai.operation.name', operation,
            'gen_ai.request.model', request_model,
            'gen_ai.response.model', response_model,
            'gen_ai.usage.input_tokens', input_total,
            'gen_ai.usage.output_tokens', output_total,
            'gen_ai.usage.cache_read.input_tokens', case when has_cache then cache_read end,
            'gen_ai.usage.cache_creation.input_tokens', case when has_cache then cache_write end,
            'gen_ai.usage.reasoning.output_tokens', reasoning_tokens) end as attributes,
        provider_account,
        customer,
        user,
        product,
        feature,
        case when is_staging then 'staging' else 'prod' end as env,
        to_date(event_time) as _usage_date,
        date_format(event_time, 'yyyy-MM') as _period,
        billed_provider as _provider,
        model as _model,
        input_total - cache_read - cache_write as _input,
        cache_read as _cache_read,
        cache_write as _cache_write,
        output_total as _output,
        step = 'embedding' as _retrieval
    from shaped

)

select * from final
