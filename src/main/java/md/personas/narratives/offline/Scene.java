package md.personas.narratives.offline;

import java.util.HashMap;
import java.util.Map;

/**
 * Everything a template reads while one persona's narrative is written: the persona's profile, the dice of the
 * field being written, and the variables (first name, locality, job title, chosen facts and hobbies). Confined to
 * one {@code compose} call; never shared between threads.
 */
final class Scene {

    private final Profile profile;
    private final Dice root;
    private final Map<String, String> variables = new HashMap<>();
    private Dice dice;
    private int[] scratch = new int[64];

    Scene(Profile profile, Dice root) {
        this.profile = profile;
        this.root = root;
        this.dice = root.stream(0);
    }

    Profile profile() {
        return profile;
    }

    boolean female() {
        return profile.female;
    }

    Dice dice() {
        return dice;
    }

    /** Switches to the persona's dice stream of one field, so that fields draw independently. */
    void field(int stream) {
        dice = root.stream(stream);
    }

    /** A scratch buffer for the phrase bank's filtering, reused within this scene (one thread). */
    int[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new int[Math.max(size, scratch.length * 2)];
        }
        return scratch;
    }

    void set(String name, String value) {
        variables.put(name, value);
    }

    boolean has(String name) {
        return variables.containsKey(name);
    }

    String variable(String name) {
        String v = variables.get(name);
        if (v == null) {
            throw new IllegalStateException("template variable <" + name + "> is not set for persona "
                    + profile.persona.uuid());
        }
        return v;
    }
}
