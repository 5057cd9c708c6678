package md.personas.monitoring;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The monitor's abort rule.
 *
 * @param every evaluate every this many records
 * @param minRecords no chi-square verdict before this many records
 * @param alpha a table whose chi-square p-value falls below this aborts the run (1e-6: about one false abort in
 *              several thousand runs of 10,000 with ~30 tables and 10 checkpoints each)
 * @param maxDeviationPp a cell further than this many percentage points from its target aborts; 0 = off
 * @param controlledBand the rebalancer's prefix band, for the deterministic test of the controlled tables
 * @param inFlight personas that may be in flight between the rebalancer and the monitor (the narrative workers):
 *                 the controlled tables may lag by their expected share of these
 * @param abort whether a failed verdict stops the stream (false: report only)
 */
public record MonitorSettings(int every, long minRecords, double alpha, double maxDeviationPp, double controlledBand,
                              int inFlight, boolean abort) {

    public MonitorSettings {
        if (every < 1 || minRecords < 0 || !(alpha > 0 && alpha < 1) || maxDeviationPp < 0 || inFlight < 0) {
            throw new IllegalArgumentException("personas.monitor: every >= 1, 0 < alpha < 1, min-records, "
                    + "max-deviation-pp and in-flight >= 0 are required");
        }
    }

    /** Reads {@code personas.monitor} ({@code m} is that block); the band and in-flight come from elsewhere. */
    public static MonitorSettings fromConfig(Config m, double controlledBand, int inFlight) {
        return new MonitorSettings(m.getInt("every"), m.getLong("min-records"), m.getDouble("alpha"),
                m.getDouble("max-deviation-pp"), controlledBand, inFlight, m.getBoolean("abort"));
    }

    /** The defaults of reference.conf, a band of 2 persons and 4 personas in flight. */
    public static MonitorSettings defaults() {
        return fromConfig(ConfigFactory.defaultReference().getConfig("personas.monitor"), 2.0, 4);
    }

    public MonitorSettings withInFlight(int workers) {
        return new MonitorSettings(every, minRecords, alpha, maxDeviationPp, controlledBand, workers, abort);
    }

    public MonitorSettings withEvery(int n) {
        return new MonitorSettings(n, minRecords, alpha, maxDeviationPp, controlledBand, inFlight, abort);
    }
}
