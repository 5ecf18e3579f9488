-- provider_usage_from_openai_usage: OpenAI Admin API usage results (view bronze_batch) → provider usage
-- rows before pricing (view provider_usage_base).
-- Grain: one row per result × unit it counts. The contract upserts report rows by (bucket start, group-by
-- fields): of a key delivered in several files the latest delivery (first ingested last, silver.ingest_log; then the greater file name, then the latest record) wins.
-- Token types do not overlap: input is uncached input (input_uncached_tokens, or input_tokens less cached
-- and cache-write tokens), cache_read = input_cached_tokens, cache_write = input_cache_write_tokens,
-- output = output_tokens (reasoning and modalities included). Other endpoints count other units
-- (images, characters, seconds, sessions, file_search and web_search calls), kept under that name;
-- vector store bytes are a level, not a flow, and are not carried.
with source as (

    -- the contract's upsert key of these rows
    select *, struct(object, bucket_start, bucket_end, project_id, user_id, api_key_id, model, batch, service_tier, size, source, vector_store_id, context_level) as delivery_key from bronze_batch

),

@include blocks/latest_delivery.sql,

measures as (

    select *, regexp_extract(object, '^organization\\.usage\\.([a-z_]+)\\.result$', 1) as endpoint
    from latest

),

unpivoted as (

    select measures.*, units.token_type, units.tokens
    from measures
    lateral view stack(
        10,
        'input', case
            when endpoint = 'completions'
                then coalesce(input_uncached_tokens,
                              input_tokens - coalesce(input_cached_tokens, 0) - coalesce(input_cache_write_tokens, 0))
            when endpoint in ('embeddings', 'moderations') then input_tokens
        end,
        'cache_read', case when endpoint = 'completions' then input_cached_tokens end,
        'cache_write', case when endpoint = 'completions' then input_cache_write_tokens end,
        'output', case when endpoint = 'completions' then output_tokens end,
        'images', images,
        'characters', characters,
        'seconds', seconds,
        'sessions', num_sessions,
        'file_search', case when endpoint = 'file_searches' then num_requests end,
        'web_search', case when endpoint = 'web_searches' then num_requests end
    ) units as token_type, tokens

),

final as (

    select
        to_date(bucket_start) as usage_date,
        'openai' as provider,
        model as model_raw,
        project_id as provider_account,
        token_type,
        case when batch then 'batch' end as price_tier,
        tokens,
        case when token_type in ('file_search', 'web_search') then num_requests else num_model_requests end as requests,
        _source as x_Source,
        billing_period
    from unpivoted
    where tokens is not null and tokens <> 0

)

select * from final
