-- What a model or a feature setting carries beyond V1's columns, spelt as duo.yml spells it: a model's
-- replicas (endpoints), circuit_breaker, max_concurrent_requests and its Azure / Vertex AI settings; a
-- feature's fallback_models and its route (via: ai_gateway). One JSON object each, so that a key duo.yml
-- gains is kept by the store without a column of its own (V1 dropped them on write).
ALTER TABLE ai_self_hosted_models ADD COLUMN settings jsonb;
ALTER TABLE ai_feature_settings ADD COLUMN settings jsonb;
