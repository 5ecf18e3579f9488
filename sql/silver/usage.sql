-- usage: the product's model calls (view bronze_batch of a usage_events source) → silver.usage.
-- Grain: one row per event_id (unique): a file delivered twice, or an event repeated inside a file,
-- counts once (the first delivery, by file then record, is kept). provider is the x_Provider value of
-- gen_ai.provider.name (or the older gen_ai.system) through provider_aliases; model is canonical through
-- model_aliases, from gen_ai.response.model (the model that answered) else gen_ai.request.model.
-- input_tokens is the total as reported (cached input read and written included).
with source as (

    select * from bronze_batch

),

distinct_events as (

    select *
    from (
        select *, row_number() over (partition by event_id order by _file, _row) as occurrence
        from source
    )
    where occurrence = 1

),

provider_spellings as (

    select lower(trim(spelling)) as spelling, provider from provider_aliases

),

with_provider as (

    select
        e.*,
        coalesce(p.provider, lower(trim(e.provider_name))) as provider,
        coalesce(e.response_model, e.request_model) as model_raw
    from distinct_events as e
    left join provider_spellings as p
        on p.spelling = lower(trim(e.provider_name))

),

model_strings as (

    select distinct provider, model_raw from with_provider

),

@include blocks/model_matches.sql,

final as (

    select
        w.event_id,
        w.event_time,
        to_date(w.event_time) as usage_date,
        w.trace_id,
        w.step,
        w.provider,
        w.provider_name as provider_raw,
        coalesce(m.model, lower(regexp_replace(w.model_raw, '-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$', ''))) as model,
        w.model_raw,
        w.operation,
        w.input_tokens,
        w.output_tokens,
        w.cache_read_tokens,
        w.cache_write_tokens,
        w.reasoning_tokens,
        w.provider_account,
        w.customer,
        w.`user`,
        w.product,
        w.feature,
        w.team,
        w.env,
        w._source as x_Source,
        w._file as x_SourceFile,
        w._row as x_SourceRow,
        w.billing_period
    from with_provider as w
    left join model_matches as m
        on m.provider = w.provider and m.model_raw = w.model_raw

)

select * from final
