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

{{#weir_trigger}}
    /**
     * The kind of the firing being emitted (early, on-time, late, final). Flink's window function cannot see
     * which trigger call fired it, so the trigger sets this right before it returns FIRE: the window operator
     * calls the window function on the same task thread right after (WindowOperator.emitWindowContents).
     */
    static final ThreadLocal<String> FIRING = ThreadLocal.withInitial(() -> "on-time");

{{/weir_trigger}}
{{#count_trigger}}
    /**
     * When a window reports, as Weir's trigger mode {{mode}} (SEMANTICS.md, "triggers (v2)"). Watermark mode is
     * Flink's EventTimeTrigger (on time when the watermark passes the window's end, once per late event after)
     * plus, with EARLY_COUNT > 0, an early firing each time EARLY_COUNT events were added to the window since
     * its previous firing of any kind (CountTrigger's count, summed when sessions merge: the merging event then
     * fires the merged session once if the sum reaches EARLY_COUNT). Every-event mode fires at each event and
     * not at the end; final mode fires once, when the window closes (end + allowed lateness).
     */
    public static class WeirTrigger extends Trigger<Object, TimeWindow> {
        static final long EARLY_COUNT = {{early_count}}L;
        static final boolean EVERY_EVENT = {{every_event}};
        static final boolean FINAL = {{final_mode}};

        private final ReducingStateDescriptor<Long> countState =
                new ReducingStateDescriptor<>("weir-early-count", (a, b) -> a + b, Types.LONG);

        /** The window's own firing: at its end (Flink's maxTimestamp = end - 1), or when it closes. */
        private static long due(TimeWindow w) {
            return FINAL ? w.maxTimestamp() + {{lateness_ms}} : w.maxTimestamp();
        }

        private TriggerResult fire(String kind, TriggerContext ctx) throws Exception {
            ctx.getPartitionedState(countState).clear();
            FIRING.set(kind);
            return TriggerResult.FIRE;
        }

        @Override
        public TriggerResult onElement(Object e, long ts, TimeWindow w, TriggerContext ctx) throws Exception {
            if (w.maxTimestamp() <= ctx.getCurrentWatermark()) {
                // Flink's W >= end - 1, Weir's W >= end: a late event (the window is not closed, or the
                // operator would have dropped the event). No timer at the end: it is past, and would fire
                // at the next watermark.
                if (FINAL) {
                    ctx.registerEventTimeTimer(due(w));
                    return TriggerResult.CONTINUE;
                }
                return fire("late", ctx);
            }
            if (!EVERY_EVENT) {
                ctx.registerEventTimeTimer(due(w));
            }
            if (EVERY_EVENT) {
                return fire("early", ctx);
            }
            if (EARLY_COUNT > 0) {
                ReducingState<Long> n = ctx.getPartitionedState(countState);
                n.add(1L);
                if (n.get() >= EARLY_COUNT) {
                    return fire("early", ctx);
                }
            }
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onEventTime(long time, TimeWindow w, TriggerContext ctx) throws Exception {
            // Also called for the operator's cleanup timer (end - 1 + allowed lateness): not a firing,
            // except in final mode, where closing is the firing.
            if (EVERY_EVENT || time != due(w)) {
                return TriggerResult.CONTINUE;
            }
            return fire(FINAL ? "final" : "on-time", ctx);
        }

        @Override
        public TriggerResult onProcessingTime(long time, TimeWindow w, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public boolean canMerge() {
            return true;
        }

        @Override
        public void onMerge(TimeWindow w, OnMergeContext ctx) throws Exception {
            ctx.mergePartitionedState(countState);
            if (!EVERY_EVENT && due(w) > ctx.getCurrentWatermark()) {
                ctx.registerEventTimeTimer(due(w));
            }
        }

        @Override
        public void clear(TimeWindow w, TriggerContext ctx) throws Exception {
            ctx.deleteEventTimeTimer(due(w));
            ctx.getPartitionedState(countState).clear();
        }
    }

{{/count_trigger}}
{{#continuous_trigger}}
    /**
     * Flink's ContinuousEventTimeTrigger (early firings every {{early_period}} ms of event time), telling the
     * window function which kind each firing is: early at a point timer, on-time at the window's end, late
     * for an event that arrives after it. (How it differs from Weir's event-time early firings: see the notes.)
     */
    public static class Kinds extends Trigger<Object, TimeWindow> {
        private final Trigger<Object, TimeWindow> inner =
                ContinuousEventTimeTrigger.of(Duration.ofMillis({{early_period}}));

        private static TriggerResult tell(TriggerResult r, String kind) {
            if (r.isFire()) {
                FIRING.set(kind);
            }
            return r;
        }

        @Override
        public TriggerResult onElement(Object e, long ts, TimeWindow w, TriggerContext ctx) throws Exception {
            boolean late = w.maxTimestamp() <= ctx.getCurrentWatermark();
            return tell(inner.onElement(e, ts, w, ctx), late ? "late" : "early");
        }

        @Override
        public TriggerResult onEventTime(long time, TimeWindow w, TriggerContext ctx) throws Exception {
            return tell(inner.onEventTime(time, w, ctx), time == w.maxTimestamp() ? "on-time" : "early");
        }

        @Override
        public TriggerResult onProcessingTime(long time, TimeWindow w, TriggerContext ctx) throws Exception {
            return inner.onProcessingTime(time, w, ctx);
        }

        @Override
        public boolean canMerge() {
            return inner.canMerge();
        }

        @Override
        public void onMerge(TimeWindow w, OnMergeContext ctx) throws Exception {
            inner.onMerge(w, ctx);
        }

        @Override
        public void clear(TimeWindow w, TriggerContext ctx) throws Exception {
            inner.clear(w, ctx);
        }
    }

{{/continuous_trigger}}
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
{{#weir_trigger}}
            String firing = FIRING.get();
{{/weir_trigger}}
{{#no_kind}}
            String firing = "fired";
{{/no_kind}}
{{#event}}
            long wf = ctx.currentWatermark();
            // Before the first watermark Flink's is Long.MIN_VALUE: Weir's -inf (an early firing can come first).
            String watermark = wf == Long.MAX_VALUE ? "" : wf == Long.MIN_VALUE ? "-inf" : Long.toString(wf + 1);
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
{{#weir_trigger}}
                .trigger({{trigger_expr}})
{{/weir_trigger}}
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
