-- models: which model each step of a user action calls, per provider the action runs on (generator).
-- Grain: one row per trace provider x role. `provider` is who bills the call (x_Provider); an action
-- on GCP embeds through Azure OpenAI and classifies on the company's own llama-3.3-70b (provider
-- self_hosted: no bill of its own, its cost is the GKE GPU node pool's lines on the GCP bill). Names as the product's OTel instrumentation reports them.
-- cache_read_max / cache_write_max: the largest share of a call's input read from / written to the cache.
with final as (

    select * from values
        ('aws',   'classifier', 'aws',   'aws.bedrock',     'aws.bedrock',  'chat',       'anthropic.claude-haiku-4-5-20251001-v1:0',     'anthropic.claude-haiku-4-5-20251001-v1:0',     'claude-haiku-4-5',       0.0, 0.0, false),
        ('aws',   'embedding',  'aws',   'aws.bedrock',     'aws.bedrock',  'embeddings', 'amazon.titan-embed-text-v2:0',                 'amazon.titan-embed-text-v2:0',                 'titan-embed-text-v2',    0.0, 0.0, false),
        ('aws',   'primary',    'aws',   'aws.bedrock',     'aws.bedrock',  'chat',       'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5',      0.6, 0.1, false),
        ('aws',   'eval',       'aws',   'aws.bedrock',     'aws.bedrock',  'chat',       'anthropic.claude-haiku-4-5-20251001-v1:0',     'anthropic.claude-haiku-4-5-20251001-v1:0',     'claude-haiku-4-5',       0.0, 0.0, false),
        ('azure', 'classifier', 'azure', 'azure.ai.openai', 'az.ai.openai', 'chat',       'gpt-4o-mini',                                  'gpt-4o-mini-2024-07-18',                       'gpt-4o-mini',            0.0, 0.0, false),
        ('azure', 'embedding',  'azure', 'azure.ai.openai', 'az.ai.openai', 'embeddings', 'text-embedding-3-small',                       'text-embedding-3-small',                       'text-embedding-3-small', 0.0, 0.0, false),
        ('azure', 'primary',    'azure', 'azure.ai.openai', 'az.ai.openai', 'chat',       'gpt-4o',                                       'gpt-4o-2024-08-06',                            'gpt-4o',                 0.5, 0.0, false),
        ('azure', 'eval',       'azure', 'azure.ai.openai', 'az.ai.openai', 'chat',       'gpt-4o-mini',                                  'gpt-4o-mini-2024-07-18',                       'gpt-4o-mini',            0.0, 0.0, false),
        ('gcp',   'classifier', 'self_hosted', 'self_hosted', 'self_hosted', 'chat',   'llama-3.3-70b',                                'llama-3.3-70b',                                'llama-3.3-70b',          0.0, 0.0, false),
        ('gcp',   'embedding',  'azure', 'azure.ai.openai', 'az.ai.openai', 'embeddings', 'text-embedding-3-small',                       'text-embedding-3-small',                       'text-embedding-3-small', 0.0, 0.0, false),
        ('gcp',   'primary',    'gcp',   'gcp.vertex_ai',   'vertex_ai',    'chat',       'gemini-2.5-pro',                               'gemini-2.5-pro',                               'gemini-2.5-pro',         0.0, 0.0, true),
        ('gcp',   'eval',       'gcp',   'gcp.vertex_ai',   'vertex_ai',    'chat',       'gemini-2.5-flash',                             'gemini-2.5-flash',                             'gemini-2.5-flash',       0.0, 0.0, false)
    as t(trace_provider, role, provider, gen_ai_provider, gen_ai_system, operation, request_model, response_model, model,
         cache_read_max, cache_write_max, reasoning)

)

select * from final
