-- Flink SQL job exported by weir-flink from a Weir window design.
-- Window: tumbling, size 10000 ms, offset 0 ms
-- Time: processing time (PROCTIME())
-- Run: sql-client.sh -f this.sql (TableEnvironment.executeSql does not take SET: use the table config).
--
-- Notes:
-- * Processing time: Flink's PROCTIME() is the wall clock of the task manager, not the arrival times Weir is given, so the windows are the same design but hold whatever arrived in each wall-clock window.

-- Weir models one ordered stream: one source reader, one watermark.
SET 'parallelism.default' = '1';
-- window_start/window_end are TIMESTAMP(3) in this zone; UTC makes their epoch ms exact.
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE `events` (
  `key` BIGINT,
  `event_time_ms` BIGINT,
  `value` DOUBLE,
  ts AS PROCTIME()
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
