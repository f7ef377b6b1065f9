// Flink DataStream job exported by weir-flink from a Weir window design.
// Window: {{window}}
{{#event}}
// Time: event time, maxOutOfOrderness {{d}} ms, allowed lateness {{l}} ms
{{/event}}
{{^event}}
// Time: processing time
{{/event}}
//
{{#why}}
// Why Java and not SQL: Flink SQL cannot express this design:
{{why_lines}}
{{/why}}
{{^why}}
// Java (DataStream API) as asked (export language java); Flink SQL could express this design too.
{{/why}}
//
// Notes:
{{notes}}
//
// Build against Flink 2.x: flink-streaming-java, flink-clients, flink-connector-files{{kafka_dependency}}.
// Output: CSV lines {{output_columns}} (window bounds in epoch ms{{watermark_column}}).
// Input: {{key}},{{time}},{{value}} per record (key, event time in epoch ms, value).

{{imports}}

public class WeirWindowJob {
{{#event}}
    /** Weir maxOutOfOrderness (ms): the watermark is max event time - D - 1 in Flink's terms. */
    static final long D = {{d}}L;
{{#lateness}}
    /** Weir allowed lateness (ms). */
    static final long L = {{l}}L;
{{/lateness}}
{{/event}}

    /** One event: (key, event time in epoch ms, value). */
    public static class Reading {
        public long key;
        public long time;
        public double value;

        public Reading() {}
{{#kafka_json}}

        static final ObjectMapper JSON = new ObjectMapper();

        static Reading parse(String json) throws Exception {
            JsonNode n = JSON.readTree(json);
            Reading r = new Reading();
            r.key = n.get({{key_string}}).asLong();
            r.time = n.get({{time_string}}).asLong();
            r.value = n.get({{value_string}}).asDouble();
            return r;
        }
{{/kafka_json}}
{{^kafka_json}}

        /** Parses a CSV line `key,time,value`. */
        static Reading parse(String line) {
            String[] f = line.split(",");
            Reading r = new Reading();
            r.key = Long.parseLong(f[0].trim());
            r.time = Long.parseLong(f[1].trim());
            r.value = Double.parseDouble(f[2].trim());
            return r;
        }
{{/kafka_json}}
    }

{{#event}}
    /**
     * WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(D)) emits max - D - 1 (the same firings
     * as Weir's maxOutOfOrderness D), every 200 ms. This generator emits the same watermark after every event
     * that raises it, as Weir does, so exactly the same events are late. For throughput, the stock strategy is
     * WatermarkStrategy.<Reading>forBoundedOutOfOrderness(Duration.ofMillis(D)).
     */
    public static class PerEventBoundedOutOfOrderness implements WatermarkGenerator<Reading> {
        private long max = Long.MIN_VALUE;

        @Override
        public void onEvent(Reading r, long timestamp, WatermarkOutput out) {
            if (r.time > max) {
                max = r.time;
                out.emitWatermark(new Watermark(max - D - 1));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {}
    }

{{/event}}
    /** count, sum, min, max and Welford's mean and M2 (population variance = m2 / count). */
    public static class Stats {
        public long count;
        public double sum;
        public double min = Double.POSITIVE_INFINITY;
        public double max = Double.NEGATIVE_INFINITY;
        public double runningMean;
        public double m2;

        public Stats() {}

        double mean() {
            return sum / count;
        }

        double variance() {
            return m2 / count;
        }
    }

    public static class StatsAggregate implements AggregateFunction<Reading, Stats, Stats> {
        @Override
        public Stats createAccumulator() {
            return new Stats();
        }

        @Override
        public Stats add(Reading r, Stats s) {
            s.count++;
            s.sum += r.value;
            s.min = Math.min(s.min, r.value);
            s.max = Math.max(s.max, r.value);
            double delta = r.value - s.runningMean;
            s.runningMean += delta / s.count;
            s.m2 += delta * (r.value - s.runningMean);
            return s;
        }

        @Override
        public Stats getResult(Stats s) {
            return s;
        }

        @Override
        public Stats merge(Stats a, Stats b) {
            if (a.count == 0) return b;
            if (b.count == 0) return a;
            Stats m = new Stats();
            m.count = a.count + b.count;
            m.sum = a.sum + b.sum;
            m.min = Math.min(a.min, b.min);
            m.max = Math.max(a.max, b.max);
            double delta = b.runningMean - a.runningMean;
            m.runningMean = a.runningMean + delta * b.count / m.count;
            m.m2 = a.m2 + b.m2 + delta * delta * a.count * b.count / m.count;
            return m;
        }
    }

{{#event}}
    /** Adds key, window bounds, firing kind and watermark to the aggregate. */
{{/event}}
{{^event}}
    /** Adds key, window bounds and firing kind to the aggregate. */
{{/event}}
    public static class Emit extends ProcessWindowFunction<Stats, String, Long, TimeWindow> {
{{#tracks_kind}}
        private final ValueStateDescriptor<Boolean> firedBefore =
                new ValueStateDescriptor<>("firedBefore", Boolean.class);

{{/tracks_kind}}
        @Override
        public void process(Long key, Context ctx, Iterable<Stats> in, Collector<String> out) throws Exception {
            Stats s = in.iterator().next();
            TimeWindow w = ctx.window();
{{#tracks_kind}}
            ValueState<Boolean> fired = ctx.windowState().getState(firedBefore);
            String firing = fired.value() == null ? "on-time" : "late";
            fired.update(true);
{{/tracks_kind}}
{{^tracks_kind}}
            String firing = "fired";
{{/tracks_kind}}
{{#event}}
            long wf = ctx.currentWatermark();
            String watermark = wf == Long.MAX_VALUE ? "" : Long.toString(wf + 1);
{{/event}}
            out.collect({{collect}});
        }
{{#tracks_kind}}

        @Override
        public void clear(Context ctx) throws Exception {
            ctx.windowState().getState(firedBefore).clear();
        }
{{/tracks_kind}}
    }

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // Weir models one ordered stream: one reader, one watermark.
        env.setParallelism(1);
{{#kafka}}
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers({{servers_string}})
                .setTopics({{topic_string}})
                .setGroupId({{group_string}})
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
{{/kafka}}
{{^kafka}}
        FileSource<String> source = FileSource
                .forRecordStreamFormat(new TextLineInputFormat(), new Path({{path_string}}))
                .build();
{{/kafka}}
        DataStream<String> lines = env.fromSource(source, WatermarkStrategy.noWatermarks(), "events");
{{#event}}
        DataStream<Reading> readings = lines.map(Reading::parse).returns(Reading.class)
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<Reading>forGenerator(ctx -> new PerEventBoundedOutOfOrderness())
                        .withTimestampAssigner((r, ts) -> r.time));
        final OutputTag<Reading> lateTag = new OutputTag<Reading>("late-events") {};
{{/event}}
{{^event}}
        DataStream<Reading> readings = lines.map(Reading::parse).returns(Reading.class);
{{/event}}
{{offset_comment}}
        SingleOutputStreamOperator<String> results = readings
                .keyBy(r -> r.key, Types.LONG)
                .window({{window_assigner}})
{{#event}}
{{#lateness}}
                .allowedLateness(Duration.ofMillis(L))
{{/lateness}}
                .sideOutputLateData(lateTag)
{{/event}}
                .aggregate(new StatsAggregate(), new Emit());
{{#event}}
        DataStream<String> late = results.getSideOutput(lateTag)
                .map(r -> r.key + "," + r.time + "," + r.value)
                .returns(String.class);
{{/event}}
{{#csv_sink}}
        results.sinkTo(FileSink.forRowFormat(new Path({{sink_string}}), new SimpleStringEncoder<String>("UTF-8")).build());
{{#event}}
        late.sinkTo(FileSink.forRowFormat(new Path({{late_sink_string}}), new SimpleStringEncoder<String>("UTF-8")).build());
{{/event}}
{{/csv_sink}}
{{^csv_sink}}
        results.print();
{{#event}}
        late.print("late");
{{/event}}
{{/csv_sink}}
        env.execute("weir-window-job");
    }
}
