-- bill_skus: how each provider names a model's token charge on its FOCUS bill (generator).
-- Grain: one row per provider x canonical model x token type. bill_string is what the ledger matches
-- against the model aliases: AWS's usage type (x_UsageType), Azure's meter (x_SkuMeterName), GCP's SKU
-- description (ChargeDescription; some really start with a space). tokens_per_unit: 1000 where the
-- provider counts in thousands of tokens.
with final as (

    select * from values
        ('aws',   'claude-sonnet-4-5',      'input',       'USE1-Claude4.5Sonnet-input-tokens',                      'anthropic', 1000),
        ('aws',   'claude-sonnet-4-5',      'output',      'USE1-Claude4.5Sonnet-output-tokens',                     'anthropic', 1000),
        ('aws',   'claude-sonnet-4-5',      'cache_read',  'USE1-Claude4.5Sonnet-cache-read-input-token-count',      'anthropic', 1000),
        ('aws',   'claude-sonnet-4-5',      'cache_write', 'USE1-Claude4.5Sonnet-cache-write-input-token-count',     'anthropic', 1000),
        ('aws',   'claude-haiku-4-5',       'input',       'USE1-Claude4.5Haiku-input-tokens',                       'anthropic', 1000),
        ('aws',   'claude-haiku-4-5',       'output',      'USE1-Claude4.5Haiku-output-tokens',                      'anthropic', 1000),
        ('aws',   'titan-embed-text-v2',    'input',       'USE1-TitanEmbedTextV2-input-tokens',                     'amazon',    1000),
        ('azure', 'gpt-4o',                 'input',       'gpt-4o-0806-Inp-glbl Tokens',                            'openai',    1000),
        ('azure', 'gpt-4o',                 'output',      'gpt-4o-0806-Outp-glbl Tokens',                           'openai',    1000),
        ('azure', 'gpt-4o',                 'cache_read',  'gpt-4o-0806-cached-Inp-glbl Tokens',                     'openai',    1000),
        ('azure', 'gpt-4o-mini',            'input',       'gpt-4o-mini-0718-Inp-glbl Tokens',                       'openai',    1000),
        ('azure', 'gpt-4o-mini',            'output',      'gpt-4o-mini-0718-Outp-glbl Tokens',                      'openai',    1000),
        ('azure', 'text-embedding-3-small', 'input',       'text-embedding-3-small-glbl Tokens',                     'openai',    1000),
        ('gcp',   'gemini-2.5-flash',       'input',       'Gemini 2.5 Flash GA Text Input - Predictions',           'google',    1),
        ('gcp',   'gemini-2.5-flash',       'output',      'Gemini 2.5 Flash GA Text Output - Predictions',          'google',    1),
        ('gcp',   'gemini-2.5-flash',       'cache_read',  ' Gemini 2.5 Flash GA Input Text Caching',                'google',    1),
        ('gcp',   'gemini-2.5-pro',         'input',       'Gemini 2.5 Pro Text Input - Predictions',                'google',    1),
        ('gcp',   'gemini-2.5-pro',         'output',      'Gemini 2.5 Pro Thinking Text Output - Predictions',      'google',    1)
    as t(provider, model, token_type, bill_string, publisher, tokens_per_unit)

)

select * from final
