-- Metrics (issue 18): the router's per-app aggregates and the dynos' samples, each kept twice:
-- 10-second rows (step_seconds 10, a few hours) and 1-minute rollups (step_seconds 60, a week),
-- both written as the events arrive. A bucket may get more than one event (two routers, a
-- restart): ingest adds them up.
CREATE TABLE router_metric (
  app_id uuid NOT NULL,
  step_seconds int NOT NULL,
  bucket_start timestamptz NOT NULL,
  requests_2xx bigint NOT NULL,
  requests_3xx bigint NOT NULL,
  requests_4xx bigint NOT NULL,
  requests_5xx bigint NOT NULL,
  -- router error code -> count, {"H12": 3}
  errors jsonb NOT NULL,
  -- the sparse latency histogram: bucket index (events.LatencyBuckets) -> count, same positions
  latency_buckets int[] NOT NULL,
  latency_counts bigint[] NOT NULL,
  max_micros bigint NOT NULL,
  PRIMARY KEY (app_id, step_seconds, bucket_start)
);

CREATE TABLE dyno_metric (
  app_id uuid NOT NULL,
  step_seconds int NOT NULL,
  bucket_start timestamptz NOT NULL,
  dyno_name text NOT NULL,
  size text NOT NULL,
  memory_quota_mb bigint NOT NULL,
  -- the highest sample of the bucket: what a quota is judged by
  memory_max_bytes bigint NOT NULL,
  -- CPU time used over the time covered by the bucket's samples: load = cpu / interval
  cpu_micros bigint NOT NULL,
  interval_micros bigint NOT NULL,
  PRIMARY KEY (app_id, step_seconds, bucket_start, dyno_name)
);

-- what the dashboard marks on the time axis: deploys, restarts, scaling
CREATE TABLE metric_event (
  id bigserial PRIMARY KEY,
  app_id uuid NOT NULL,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  description text NOT NULL
);
CREATE INDEX metric_event_app_at ON metric_event (app_id, at);
CREATE INDEX router_metric_expiry ON router_metric (step_seconds, bucket_start);
CREATE INDEX dyno_metric_expiry ON dyno_metric (step_seconds, bucket_start);
