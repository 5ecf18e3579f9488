-- Block model_matches (included by the transforms that resolve a model string): the canonical model of
-- each (provider, model_raw) of the including file's CTE model_strings, from view model_aliases. A
-- provider's own pattern wins over a generic ('*') one, then file order (priority). A string no pattern
-- matches has no row (the includer keeps its raw form).
model_matches as (

    select provider, model_raw, model, token_type, unit_multiplier, publisher
    from (
        select
            s.provider,
            s.model_raw,
            a.model,
            a.token_type,
            a.unit_multiplier,
            a.publisher,
            row_number() over (
                partition by s.provider, s.model_raw
                order by case when a.provider = s.provider then 0 else 1 end, a.priority
            ) as match_rank
        from model_strings as s
        join model_aliases as a
            on (a.provider = s.provider or a.provider = '*')
            and s.model_raw rlike a.pattern
    )
    where match_rank = 1

)
