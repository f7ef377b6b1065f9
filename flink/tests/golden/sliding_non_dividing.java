// Flink DataStream job exported by weir-flink from a Weir window design.
// Window: sliding, size 10000 ms, slide 3000 ms, offset 0 ms
// Time: event time, maxOutOfOrderness 1999 ms, allowed lateness 0 ms
//
// Why Java and not SQL: Flink SQL cannot express this design:
//   * sliding window size 10000 ms is not a multiple of its slide 3000 ms: Flink SQL's HOP rejects it; DataStream's SlidingEventTimeWindows accepts it
//
// Notes:
//   * Watermark: DataStream's forBoundedOutOfOrderness(Duration.ofMillis(1999)) emits max - 1999 - 1, the same firings as Weir's maxOutOfOrderness 1999 (no +1, unlike Flink SQL). The program emits it after every event that raises it, as Weir does; the stock strategy emits it every 200 ms ('pipeline.auto-watermark-interval'), so fewer events would count as late.
//   * Events late for every window go to the side output (sideOutputLateData), as Weir's late output.
//   * The firing column is `on-time` for a window's first firing and `late` after; Weir also calls `late` the first firing of a window that was empty when the watermark passed its end.
//
// Build against Flink 2.x: flink-streaming-java, flink-clients, flink-connector-files.
// Output: CSV lines key,window_start,window_end,count,sum,min,max,mean,firing,watermark (window bounds in epoch ms; watermark in Weir's terms, Flink's + 1, -inf before the first, empty at end of input).
// Input: key,event_time_ms,value per record (key, event time in epoch ms, value).

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

public class WeirWindowJob {
    /** Weir maxOutOfOrderness (ms): the watermark is max event time - D - 1 in Flink's terms. */
    static final long D = 1999L;

    /** One event: (key, event time in epoch ms, value). */
    public static class Reading {
        public long key;
        public long time;
        public double value;

        public Reading() {}

        /** Parses a CSV line `key,time,value`. */
        static Reading parse(String line) {
            String[] f = line.split(",");
            Reading r = new Reading();
            r.key = Long.parseLong(f[0].trim());
            r.time = Long.parseLong(f[1].trim());
            r.value = Double.parseDouble(f[2].trim());
            return r;
        }
    }

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

    /** Adds key, window bounds, firing kind and watermark to the aggregate. */
    public static class Emit extends ProcessWindowFunction<Stats, String, Long, TimeWindow> {
        private final ValueStateDescriptor<Boolean> firedBefore =
                new ValueStateDescriptor<>("firedBefore", Boolean.class);

        @Override
        public void process(Long key, Context ctx, Iterable<Stats> in, Collector<String> out) throws Exception {
            Stats s = in.iterator().next();
            TimeWindow w = ctx.window();
            ValueState<Boolean> fired = ctx.windowState().getState(firedBefore);
            String firing = fired.value() == null ? "on-time" : "late";
            fired.update(true);
            long wf = ctx.currentWatermark();
            // Before the first watermark Flink's is Long.MIN_VALUE: Weir's -inf (an early firing can come first).
            String watermark = wf == Long.MAX_VALUE ? "" : wf == Long.MIN_VALUE ? "-inf" : Long.toString(wf + 1);
            out.collect(key + "," + w.getStart() + "," + w.getEnd() + "," + s.count + "," + s.sum + "," + s.min + "," + s.max + "," + s.mean() + "," + firing + "," + watermark);
        }

        @Override
        public void clear(Context ctx) throws Exception {
            ctx.windowState().getState(firedBefore).clear();
        }
    }

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // Weir models one ordered stream: one reader, one watermark.
        env.setParallelism(1);
        FileSource<String> source = FileSource
                .forRecordStreamFormat(new TextLineInputFormat(), new Path("file:///data/events.csv"))
                .build();
        DataStream<String> lines = env.fromSource(source, WatermarkStrategy.noWatermarks(), "events");
        DataStream<Reading> readings = lines.map(Reading::parse).returns(Reading.class)
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<Reading>forGenerator(ctx -> new PerEventBoundedOutOfOrderness())
                        .withTimestampAssigner((r, ts) -> r.time));
        final OutputTag<Reading> lateTag = new OutputTag<Reading>("late-events") {};
        SingleOutputStreamOperator<String> results = readings
                .keyBy(r -> r.key, Types.LONG)
                .window(SlidingEventTimeWindows.of(Duration.ofMillis(10000), Duration.ofMillis(3000)))
                .sideOutputLateData(lateTag)
                .aggregate(new StatsAggregate(), new Emit());
        DataStream<String> late = results.getSideOutput(lateTag)
                .map(r -> r.key + "," + r.time + "," + r.value)
                .returns(String.class);
        results.print();
        late.print("late");
        env.execute("weir-window-job");
    }
}
