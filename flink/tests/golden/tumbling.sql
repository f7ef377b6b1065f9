-- Flink SQL job exported by weir-flink from a Weir window design.
-- Window: tumbling, size 10000 ms, offset 0 ms
-- Time: event time, Weir maxOutOfOrderness 1999 ms -> WATERMARK ts - INTERVAL '2' SECOND
-- Allowed lateness: 0 ms (late rows are dropped)
-- Run: sql-client.sh -f this.sql (TableEnvironment.executeSql does not take SET: use the table config).
--
-- Notes:
-- * Weir maxOutOfOrderness 1999 ms is Flink SQL `ts - INTERVAL '2' SECOND` (2000 ms): Flink SQL's watermark means "no more rows with time <= W" and fires at W >= end - 1, Weir's "no more events with time < W" and fires at W >= end, so the SQL bound is 1 ms larger for the same firings.
-- * Flink SQL never emits a watermark <= 0: on a stream that starts before time 0 (epoch), windows that Weir fires before the watermark passes 0 fire later in Flink (at the next watermark > 0 or at end of input), so late-row decisions there may differ.
-- * 'pipeline.auto-watermark-interval' = '0' emits the watermark after every row that raises it, as Weir does; with Flink's default (200 ms) the watermark lags and fewer rows count as late.
-- * Late rows (for every window of theirs) are dropped, as in Weir with allowed lateness 0; Flink SQL has no late side output.

-- Weir models one ordered stream: one source reader, one watermark.
SET 'parallelism.default' = '1';
SET 'pipeline.auto-watermark-interval' = '0';
-- window_start/window_end are TIMESTAMP(3) in this zone; UTC makes their epoch ms exact.
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE `events` (
  `key` BIGINT,
  `event_time_ms` BIGINT,
  `value` DOUBLE,
  ts AS TO_TIMESTAMP_LTZ(`event_time_ms`, 3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'file:///data/events.csv',
  'format' = 'csv'
);

CREATE TABLE `window_results` (
  `key` BIGINT,
  window_start BIGINT,
  window_end BIGINT,
  `count` BIGINT,
  `sum` DOUBLE,
  `min` DOUBLE,
  `max` DOUBLE,
  `mean` DOUBLE
) WITH (
  'connector' = 'print'
);

-- One row per key and window, fired once the watermark passes the window end; window bounds as epoch ms.
INSERT INTO `window_results`
SELECT
  `key`,
  EXTRACT(EPOCH FROM window_start) * 1000 + EXTRACT(MILLISECOND FROM window_start) AS window_start,
  EXTRACT(EPOCH FROM window_end) * 1000 + EXTRACT(MILLISECOND FROM window_end) AS window_end,
  COUNT(*) AS `count`,
  SUM(`value`) AS `sum`,
  MIN(`value`) AS `min`,
  MAX(`value`) AS `max`,
  AVG(`value`) AS `mean`
FROM TABLE(
  TUMBLE(TABLE `events`, DESCRIPTOR(ts), INTERVAL '10' SECOND)
)
GROUP BY `key`, window_start, window_end;
