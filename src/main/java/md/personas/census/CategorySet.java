package md.personas.census;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered categories of one census variable: canonical ASCII ids (as in the reference) and their Romanian
 * labels. The canonical label ({@code ro}) is the same for both sexes so that a group-by works; the feminine form
 * ({@code ro_f}) is kept for narratives.
 */
public final class CategorySet {

    private final String variable;
    private final List<String> ids;
    private final List<String> labels;
    private final List<String> feminineLabels;
    private final Map<String, Integer> indexById = new HashMap<>();
    private final Map<String, Integer> indexByLabel = new HashMap<>();

    public CategorySet(String variable, List<String> ids, List<String> labels, List<String> feminineLabels) {
        if (ids.size() != labels.size() || ids.size() != feminineLabels.size()) {
            throw new IllegalArgumentException(variable + ": ids and labels differ in length");
        }
        this.variable = variable;
        this.ids = List.copyOf(ids);
        this.labels = List.copyOf(labels);
        this.feminineLabels = List.copyOf(feminineLabels);
        for (int i = 0; i < ids.size(); i++) {
            indexById.put(ids.get(i), i);
            indexByLabel.put(labels.get(i), i);
        }
    }

    public String variable() {
        return variable;
    }

    public int size() {
        return ids.size();
    }

    public String id(int i) {
        return ids.get(i);
    }

    public List<String> ids() {
        return ids;
    }

    public String label(int i) {
        return labels.get(i);
    }

    public List<String> labels() {
        return labels;
    }

    public String feminineLabel(int i) {
        return feminineLabels.get(i);
    }

    public boolean contains(String id) {
        return indexById.containsKey(id);
    }

    /** Index of a canonical id; fails with the variable named when the id is unknown. */
    public int indexOf(String id) {
        Integer i = indexById.get(id);
        if (i == null) {
            throw new IllegalArgumentException("unknown " + variable + " id '" + id + "'");
        }
        return i;
    }

    /** Index of a canonical Romanian label, or -1. */
    public int indexOfLabel(String label) {
        Integer i = indexByLabel.get(label);
        return i == null ? -1 : i;
    }

    @Override
    public String toString() {
        return variable + ids;
    }
}
