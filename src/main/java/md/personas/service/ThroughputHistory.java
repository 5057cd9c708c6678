package md.personas.service;

import java.util.ArrayList;
import java.util.List;

/**
 * A ring buffer of (elapsed seconds, personas done) samples for the dashboard's throughput chart: fixed memory
 * however long the run (the default 1,800 samples every 2 s keep the last hour). Thread-safe.
 */
public final class ThroughputHistory {

    /** One sample, with the rate since the previous one (personas per second). */
    public record Sample(double seconds, long done, double rate) { }

    private final double[] seconds;
    private final long[] done;
    private int next;
    private int size;

    public ThroughputHistory(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2");
        }
        this.seconds = new double[capacity];
        this.done = new long[capacity];
    }

    public synchronized void record(double elapsedSeconds, long doneNow) {
        seconds[next] = elapsedSeconds;
        done[next] = doneNow;
        next = (next + 1) % seconds.length;
        size = Math.min(size + 1, seconds.length);
    }

    /** Oldest first; the first sample has the rate of the one before it (or 0). */
    public synchronized List<Sample> samples() {
        List<Sample> out = new ArrayList<>(size);
        int first = (next - size + seconds.length) % seconds.length;
        for (int k = 0; k < size; k++) {
            int i = (first + k) % seconds.length;
            double rate = 0;
            if (k > 0) {
                int p = (i - 1 + seconds.length) % seconds.length;
                double dt = seconds[i] - seconds[p];
                rate = dt > 0 ? (done[i] - done[p]) / dt : 0;
            }
            out.add(new Sample(seconds[i], done[i], rate));
        }
        if (out.size() > 1) {
            out.set(0, new Sample(out.get(0).seconds(), out.get(0).done(), out.get(1).rate()));
        }
        return out;
    }
}
