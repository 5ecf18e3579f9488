-- provider_usage_from_anthropic_usage: Anthropic usage report results (view bronze_batch) → provider usage
-- rows before pricing (view provider_usage_base).
-- Grain: one row per result × token type. The contract upserts report rows by (bucket start, group-by
-- fields): of a key delivered in several files the latest delivery (first ingested last, silver.ingest_log; then the greater file name, then the latest record) wins.
-- Token types: input = uncached_input_tokens, cache_read = cache_read_input_tokens, cache_write = the
-- 5-minute and the 1-hour cache writes (the 1-hour ones priced at the price book's tier cache_1h),
-- output = output_tokens; web_search counts server-side web searches. A null workspace_id is the Default
-- workspace. Batch-tier usage is priced at the tier batch where the price book has it.
with source as (

    -- the contract's upsert key of these rows
    select *, struct(bucket_start, bucket_end, model, workspace_id, api_key_id, service_tier, context_window, account_id, service_account_id, inference_geo, speed) as delivery_key from bronze_batch

),

@include blocks/latest_delivery.sql,

unpivoted as (

    select latest.*, units.token_type, units.token_tier, units.tokens
    from latest
    lateral view stack(
        6,
        'input', cast(null as string), uncached_input_tokens,
        'cache_read', cast(null as string), cache_read_input_tokens,
        'cache_write', cast(null as string), cache_creation_5m_input_tokens,
        'cache_write', 'cache_1h', cache_creation_1h_input_tokens,
        'output', cast(null as string), output_tokens,
        'web_search', cast(null as string), web_search_requests
    ) units as token_type, token_tier, tokens

),

final as (

    select
        to_date(bucket_start) as usage_date,
        'anthropic' as provider,
        model as model_raw,
        workspace_id as provider_account,
        token_type,
        coalesce(token_tier, case when service_tier = 'batch' then 'batch' end) as price_tier,
        tokens,
        case when token_type = 'web_search' then tokens end as requests,
        _source as x_Source,
        billing_period
    from unpivoted
    where tokens is not null and tokens <> 0

)

select * from final
