package md.personas.rebalancing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import md.personas.census.AdultJoint;
import md.personas.census.CensusModel;
import md.personas.census.Dimension;
import md.personas.census.TargetTable;

/**
 * The joint distribution of every controlled variable together (by default ethnicity, region, sex, age group and
 * residence: 960 cells), exactly as the census model gives it. The rebalancer's schedule and steering read their
 * conditional shares from it, so the associations between controlled tables (older minorities, urban Russians)
 * survive.
 */
final class ControlledFrame {

    /** Variables the frame can be built over: those of the model's adult joint and sex. */
    static final Set<String> FRAME_VARIABLES = Set.of("region", "residence_type", "ethnicity", "sex", "age_group");

    final List<String> variables;
    final List<List<String>> cells;
    final double[] shares;
    private ControlledFrame(List<String> variables, List<List<String>> cells, double[] shares) {
        this.variables = variables;
        this.cells = cells;
        this.shares = shares;
    }

    static ControlledFrame of(CensusModel m, List<TargetTable> tables) {
        List<String> variables = new ArrayList<>();
        for (TargetTable t : tables) {
            for (Dimension d : t.dimensions()) {
                if (!FRAME_VARIABLES.contains(d.name())) {
                    throw new IllegalArgumentException("personas.rebalancer.controlled-tables: '" + t.name()
                            + "' uses " + d.name() + "; controlled tables may use only " + FRAME_VARIABLES);
                }
                if (!variables.contains(d.name())) {
                    variables.add(d.name());
                }
            }
        }
        Map<List<String>, Double> joint = new LinkedHashMap<>();
        AdultJoint adult = m.adultJoint();
        for (int c = 0; c < adult.size(); c++) {
            AdultJoint.Cell cell = adult.cell(c);
            Map<String, String> labels = Map.of("region", m.region().label(cell.region()), "residence_type",
                    m.residence().label(cell.residence()), "ethnicity", m.ethnicity().label(cell.ethnicity()), "sex",
                    m.sex().label(cell.sex()), "age_group", CensusModel.AGE_GROUPS.get(m.ageGroupOfFine(cell.group())));
            List<String> key = variables.stream().map(labels::get).toList();
            joint.merge(key, adult.share(c), Double::sum);
        }
        List<List<String>> cells = new ArrayList<>(joint.keySet());
        double[] shares = joint.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new ControlledFrame(variables, cells, shares);
    }

    /** The frame's shares summed over the variables not in {@code keep}, keyed by the kept labels. */
    Map<List<String>, Double> marginal(List<String> keep) {
        Map<List<String>, Double> out = new HashMap<>();
        for (int j = 0; j < cells.size(); j++) {
            out.merge(project(j, keep), shares[j], Double::sum);
        }
        return out;
    }

    private List<String> project(int j, List<String> keep) {
        List<String> key = new ArrayList<>(keep.size());
        for (String v : keep) {
            key.add(cells.get(j).get(variables.indexOf(v)));
        }
        return key;
    }
}
