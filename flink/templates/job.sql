-- Flink SQL job exported by weir-flink from a Weir window design.
-- Window: {{window}}
{{#event}}
-- Time: event time, Weir maxOutOfOrderness {{d}} ms -> WATERMARK ts - {{watermark}}
-- Allowed lateness: 0 ms (late rows are dropped)
{{/event}}
{{^event}}
-- Time: processing time (PROCTIME())
{{/event}}
-- Run: sql-client.sh -f this.sql (TableEnvironment.executeSql does not take SET: use the table config).
--
-- Notes:
{{notes}}

-- Weir models one ordered stream: one source reader, one watermark.
SET 'parallelism.default' = '1';
{{#event}}
SET 'pipeline.auto-watermark-interval' = '0';
{{/event}}
-- window_start/window_end are TIMESTAMP(3) in this zone; UTC makes their epoch ms exact.
SET 'table.local-time-zone' = 'UTC';
{{#csv_sink}}
SET 'execution.checkpointing.interval' = '10s';
{{/csv_sink}}

CREATE TABLE `{{source_table}}` (
  `{{key}}` BIGINT,
  `{{time}}` BIGINT,
  `{{value}}` DOUBLE,
{{#event}}
  ts AS TO_TIMESTAMP_LTZ(`{{time}}`, 3),
  WATERMARK FOR ts AS ts - {{watermark}}
{{/event}}
{{^event}}
  ts AS PROCTIME()
{{/event}}
) WITH (
{{source_with}}
);

CREATE TABLE `{{sink_table}}` (
  `{{key}}` BIGINT,
  window_start BIGINT,
  window_end BIGINT,
{{sink_columns}}
) WITH (
{{sink_with}}
);

{{window_comment}}
-- One row per key and window, fired once the watermark passes the window end; window bounds as epoch ms.
INSERT INTO `{{sink_table}}`
SELECT
  `{{key}}`,
  EXTRACT(EPOCH FROM window_start) * 1000 + EXTRACT(MILLISECOND FROM window_start) AS window_start,
  EXTRACT(EPOCH FROM window_end) * 1000 + EXTRACT(MILLISECOND FROM window_end) AS window_end,
{{select_columns}}
FROM TABLE(
  {{window_function}}
)
GROUP BY `{{key}}`, window_start, window_end;
