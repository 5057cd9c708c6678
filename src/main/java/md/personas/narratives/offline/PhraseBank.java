package md.personas.narratives.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline writer's knowledge and phrasing, loaded from {@code narratives/offline/*.json}: Romanian sentences
 * written from the checked culture facts (places, communities, faiths, generations), phrases per occupation, life
 * stage and personality trait, hobbies, and the structure of every field. Every array is a list of
 * {@link Entry entries} addressed by its dotted path ({@code places.districts.soroca.facts}); a string field of an
 * object is a one-entry list at its path. Immutable after loading, so one bank serves every thread.
 */
final class PhraseBank {

    /** The resource files, in load order; each file's name is the first segment of its keys. */
    static final List<String> FILES = List.of("places", "communities", "faith", "life", "work", "personality",
            "leisure", "nation", "background", "variants");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Entry[]> lists = new HashMap<>();
    private final Map<String, JsonNode> roots = new HashMap<>();

    private PhraseBank() {
    }

    static PhraseBank load() {
        PhraseBank bank = new PhraseBank();
        for (String file : FILES) {
            String resource = "/narratives/offline/" + file + ".json";
            try (InputStream in = PhraseBank.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " is missing from the build");
                }
                JsonNode root = JSON.readTree(in);
                bank.roots.put(file, root);
                bank.index(file, root);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return bank;
    }

    private void index(String path, JsonNode node) {
        if (node.isArray()) {
            if (node.size() > 0 && node.get(0).isArray()) {
                return; // a table of values (e.g. section orders), read through node()
            }
            Entry[] entries = new Entry[node.size()];
            for (int i = 0; i < node.size(); i++) {
                entries[i] = Entry.of(path + "[" + i + "]", node.get(i));
            }
            lists.put(path, entries);
        } else if (node.isObject()) {
            if (node.has("groups")) {
                flattenGroups(path, node.get("groups"));
            }
            node.properties().forEach(f -> {
                if (f.getKey().equals("groups")) {
                    return;
                }
                String child = path + "." + f.getKey();
                if (f.getValue().isTextual() && !Entry.METADATA.contains(f.getKey())) {
                    lists.put(child, new Entry[] {Entry.of(child, f.getValue())});
                } else if (f.getValue().isContainerNode() && !f.getKey().equals("when")) {
                    index(child, f.getValue());
                }
            });
        }
    }

    /**
     * A "groups" array lets a file keep together everything about one kind of persona (an occupation group, say):
     * each group has a {@code when} and named lists; every list item becomes an entry of {@code path.listName}
     * whose condition is the group's, refined by the item's own {@code when}; the group's {@code w} (weight) and
     * {@code fallback} flag pass to its entries.
     */
    private void flattenGroups(String path, JsonNode groups) {
        Map<String, List<Entry>> flattened = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            JsonNode group = groups.get(g);
            JsonNode when = group.path("when");
            for (var f : group.properties()) {
                if (f.getKey().equals("when") || Entry.METADATA.contains(f.getKey())) {
                    continue;
                }
                if (!f.getValue().isArray()) {
                    throw new IllegalArgumentException(path + ".groups[" + g + "]." + f.getKey() + " must be a list");
                }
                String key = path + "." + f.getKey();
                if (!flattened.containsKey(key)) {
                    order.add(key);
                }
                List<Entry> list = flattened.computeIfAbsent(key, k -> new ArrayList<>());
                for (int i = 0; i < f.getValue().size(); i++) {
                    JsonNode item = f.getValue().get(i);
                    ObjectNode entry = item.isObject() ? ((ObjectNode) item).deepCopy()
                            : JSON.createObjectNode().put("t", item.asText());
                    ObjectNode merged = when.isObject() ? ((ObjectNode) when).deepCopy() : JSON.createObjectNode();
                    if (entry.has("when")) {
                        merged.setAll((ObjectNode) entry.get("when"));
                    }
                    entry.set("when", merged);
                    if (group.path("fallback").asBoolean(false)) {
                        entry.put("fallback", true);
                    }
                    if (group.has("w") && !entry.has("w")) {
                        entry.put("w", group.get("w").asInt());
                    }
                    entry.put("spec", specificity(when));
                    list.add(Entry.of(path + ".groups[" + g + "]." + f.getKey() + "[" + i + "]", entry));
                }
            }
        }
        for (String key : order) {
            lists.put(key, flattened.get(key).toArray(new Entry[0]));
        }
    }

    /** How narrowly a group's condition names a job: a title prefix beats an ISCO code, a longer prefix a shorter. */
    private static int specificity(JsonNode when) {
        int spec = 0;
        for (JsonNode j : when.path("job")) {
            spec = Math.max(spec, 100 + j.asText().length());
        }
        for (JsonNode c : when.path("isco08")) {
            spec = Math.max(spec, c.asText().length());
        }
        return spec;
    }

    /** Lists where only the most specific fitting group speaks: a plumber's workplace is not a builder's. */
    private static boolean mostSpecificOnly(String key) {
        return key.endsWith(".workplace");
    }

    boolean has(String key) {
        return lists.containsKey(key);
    }

    /** The raw JSON at a dotted path (file name first), for structured values such as section orders or flags. */
    JsonNode node(String key) {
        String[] parts = key.split("\\.");
        JsonNode node = roots.get(parts[0]);
        if (node == null) {
            throw new IllegalArgumentException("no phrase-bank file '" + parts[0] + "'");
        }
        for (int i = 1; i < parts.length; i++) {
            node = node.path(parts[i]);
        }
        return node;
    }

    Entry[] entries(String key) {
        Entry[] e = lists.get(key);
        if (e == null) {
            throw new IllegalStateException("the phrase bank has no list '" + key + "'");
        }
        return e;
    }

    /** Every key and its entries, for the bank's own checks. */
    Map<String, Entry[]> all() {
        return Map.copyOf(lists);
    }

    /**
     * One entry that fits the persona, chosen by weight with the scene's dice (fallback entries only when no
     * other fits); null when none fits.
     */
    Entry pick(String key, Scene scene) {
        Entry[] all = entries(key);
        Profile p = scene.profile();
        int[] fit = scene.scratch(all.length);
        int n = 0;
        int total = 0;
        for (int pass = 0; pass < 2 && n == 0; pass++) {
            boolean fallbacks = pass == 1;
            for (int i = 0; i < all.length; i++) {
                if (all[i].fallback == fallbacks && all[i].when.test(p)) {
                    fit[n++] = i;
                    total += all[i].weight;
                }
            }
        }
        if (n == 0) {
            return null;
        }
        if (mostSpecificOnly(key)) {
            int best = 0;
            for (int j = 0; j < n; j++) {
                best = Math.max(best, Integer.parseInt(all[fit[j]].attribute("spec", "0")));
            }
            int kept = 0;
            total = 0;
            for (int j = 0; j < n; j++) {
                if (Integer.parseInt(all[fit[j]].attribute("spec", "0")) == best) {
                    fit[kept++] = fit[j];
                    total += all[fit[j]].weight;
                }
            }
            n = kept;
        }
        int k = scene.dice().below(total);
        for (int j = 0; j < n; j++) {
            Entry e = all[fit[j]];
            k -= e.weight;
            if (k < 0) {
                return e;
            }
        }
        throw new AssertionError("unreachable");
    }

    /** Up to n distinct fitting entries, in random order (weights ignored). */
    List<Entry> pickDistinct(String key, Scene scene, int n) {
        Entry[] all = entries(key);
        Profile p = scene.profile();
        int[] fit = scene.scratch(all.length);
        int count = 0;
        for (int pass = 0; pass < 2 && count == 0; pass++) {
            boolean fallbacks = pass == 1;
            for (int i = 0; i < all.length; i++) {
                if (all[i].fallback == fallbacks && all[i].when.test(p)) {
                    fit[count++] = i;
                }
            }
        }
        int take = Math.min(n, count);
        List<Entry> out = new ArrayList<>(take);
        for (int i = 0; i < take; i++) {
            int j = i + scene.dice().below(count - i);
            int tmp = fit[i];
            fit[i] = fit[j];
            fit[j] = tmp;
            out.add(all[fit[i]]);
        }
        return out;
    }

    /** The text of a fitting entry; fails when the bank has none, because the key must cover every persona. */
    String say(String key, Scene scene) {
        Entry e = pick(key, scene);
        if (e == null) {
            throw new IllegalStateException("no entry of '" + key + "' fits persona " + scene.profile().persona.uuid());
        }
        return e.text(scene);
    }

    /** The text of a fitting entry, or null when none fits or the list does not exist. */
    String sayIfAny(String key, Scene scene) {
        if (!lists.containsKey(key)) {
            return null;
        }
        Entry e = pick(key, scene);
        return e == null ? null : e.text(scene);
    }
}
