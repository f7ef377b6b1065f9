-- Flink SQL job exported by weir-flink from a Weir window design.
-- Window: tumbling, size 60000 ms, offset 0 ms
-- Time: event time, Weir maxOutOfOrderness 4999 ms -> WATERMARK ts - INTERVAL '5' SECOND
-- Allowed lateness: 0 ms (late rows are dropped)
-- Run: sql-client.sh -f this.sql (TableEnvironment.executeSql does not take SET: use the table config).
--
-- Notes:
-- * Weir maxOutOfOrderness 4999 ms is Flink SQL `ts - INTERVAL '5' SECOND` (5000 ms): Flink SQL's watermark means "no more rows with time <= W" and fires at W >= end - 1, Weir's "no more events with time < W" and fires at W >= end, so the SQL bound is 1 ms larger for the same firings.
-- * Flink SQL never emits a watermark <= 0: on a stream that starts before time 0 (epoch), windows that Weir fires before the watermark passes 0 fire later in Flink (at the next watermark > 0 or at end of input), so late-row decisions there may differ.
-- * 'pipeline.auto-watermark-interval' = '0' emits the watermark after every row that raises it, as Weir does; with Flink's default (200 ms) the watermark lags and fewer rows count as late.
-- * Late rows (for every window of theirs) are dropped, as in Weir with allowed lateness 0; Flink SQL has no late side output.
-- * The Kafka connector is not part of the Flink distribution: add flink-sql-connector-kafka (matching your Flink version) to lib/ or pass it with --jar.
-- * Weir has one watermark for the whole stream; a Kafka topic with several partitions gets per-partition watermarks combined by minimum, and an idle partition holds windows back (see 'table.exec.source.idle-timeout').

-- Weir models one ordered stream: one source reader, one watermark.
SET 'parallelism.default' = '1';
SET 'pipeline.auto-watermark-interval' = '0';
-- window_start/window_end are TIMESTAMP(3) in this zone; UTC makes their epoch ms exact.
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE `readings` (
  `sensor_id` BIGINT,
  `ts_ms` BIGINT,
  `reading` DOUBLE,
  ts AS TO_TIMESTAMP_LTZ(`ts_ms`, 3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'sensor-readings',
  'properties.bootstrap.servers' = 'broker-1:9092,broker-2:9092',
  'properties.group.id' = 'weir''s group',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json'
);

CREATE TABLE `stats` (
  `sensor_id` BIGINT,
  window_start BIGINT,
  window_end BIGINT,
  `count` BIGINT,
  `mean` DOUBLE,
  `stddev` DOUBLE,
  `variance` DOUBLE
) WITH (
  'connector' = 'print'
);

-- One row per key and window, fired once the watermark passes the window end; window bounds as epoch ms.
INSERT INTO `stats`
SELECT
  `sensor_id`,
  EXTRACT(EPOCH FROM window_start) * 1000 + EXTRACT(MILLISECOND FROM window_start) AS window_start,
  EXTRACT(EPOCH FROM window_end) * 1000 + EXTRACT(MILLISECOND FROM window_end) AS window_end,
  COUNT(*) AS `count`,
  AVG(`reading`) AS `mean`,
  STDDEV_POP(`reading`) AS `stddev`,
  VAR_POP(`reading`) AS `variance`
FROM TABLE(
  TUMBLE(TABLE `readings`, DESCRIPTOR(ts), INTERVAL '1' MINUTE)
)
GROUP BY `sensor_id`, window_start, window_end;
