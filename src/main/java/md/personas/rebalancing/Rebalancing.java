package md.personas.rebalancing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import md.personas.census.CensusTargets;
import md.personas.census.Dimension;
import md.personas.census.TargetTable;
import md.personas.record.Persona;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/** The rebalance stage of the pipeline and the resolution of its configured tables. */
public final class Rebalancing {

    private Rebalancing() {
    }

    /**
     * The stage: proposals in, accepted personas out (indexed 0, 1, 2, ...). With a fixed N, follow it with
     * {@code take(N)} so the infinite proposal source is cancelled once every quota is met.
     */
    public static Flow<Persona, Persona, NotUsed> flow(QuotaRebalancer rebalancer) {
        return Flow.<Persona>create().mapConcat(rebalancer::offer);
    }

    /**
     * Resolves configured table names ("ethnicity x region", "region x residence", "sex x age_group", or any
     * target table) to the census target tables, whatever the order of their variables.
     *
     * @throws IllegalArgumentException naming the unknown table and the known ones
     */
    public static List<TargetTable> controlledTables(CensusTargets targets, List<String> names) {
        List<TargetTable> out = new ArrayList<>();
        for (String name : names) {
            Set<String> wanted = variables(name);
            TargetTable match = null;
            for (TargetTable t : targets.tables().values()) {
                Set<String> have = new HashSet<>();
                for (Dimension d : t.dimensions()) {
                    have.add(d.name());
                }
                if (have.equals(wanted)) {
                    match = t;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException("personas.rebalancer.controlled-tables: unknown table '" + name
                        + "'; use variables of " + targets.tables().keySet());
            }
            out.add(match);
        }
        return out;
    }

    private static Set<String> variables(String name) {
        Set<String> out = new HashSet<>();
        for (String part : name.toLowerCase(Locale.ROOT).split("\\s+[x×]\\s+")) {
            String v = part.trim().replace(' ', '_');
            out.add(v.equals("residence") ? "residence_type" : v.equals("education") ? "education_level"
                    : v.equals("employment") ? "employment_status" : v);
        }
        return out;
    }
}
