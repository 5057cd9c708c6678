package md.personas.rebalancing;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.Config;
import java.util.List;

/**
 * Settings of the quota rebalancer.
 *
 * @param controlledTables names of the controlled joints, e.g. "ethnicity x region" (either order of variables)
 * @param prefixBand at every prefix of n accepted personas, every controlled cell stays within this many persons
 *                   of n x share
 * @param perCellCap proposals waiting per primary controlled cell (memory is bounded by cells x this); more
 *                   of the same cell are rejected at once
 */
public record RebalancerSettings(List<String> controlledTables, double prefixBand, int perCellCap) {

    public static final List<String> DEFAULT_TABLES = List.of("ethnicity x region", "sex x age_group",
            "region x residence");

    public RebalancerSettings {
        controlledTables = List.copyOf(controlledTables);
        if (prefixBand < 1) {
            throw new IllegalArgumentException("rebalancer.prefix-band must be at least 1 person (is " + prefixBand
                    + ")");
        }
        if (perCellCap < 1) {
            throw new IllegalArgumentException("personas.rebalancer.per-cell-cap must be positive");
        }
    }

    /** Reads {@code personas.rebalancer} ({@code r} is that block). */
    public static RebalancerSettings fromConfig(Config r) {
        return new RebalancerSettings(r.getStringList("controlled-tables"), r.getDouble("prefix-band"),
                r.getInt("per-cell-cap"));
    }

    /** The defaults of reference.conf. */
    public static RebalancerSettings defaults() {
        return fromConfig(ConfigFactory.defaultReference().getConfig("personas.rebalancer"));
    }

    public RebalancerSettings withControlledTables(List<String> tables) {
        return new RebalancerSettings(tables, prefixBand, perCellCap);
    }

    public RebalancerSettings withPrefixBand(double band) {
        return new RebalancerSettings(controlledTables, band, perCellCap);
    }
}
