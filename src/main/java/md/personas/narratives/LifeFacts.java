package md.personas.narratives;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import md.personas.record.Persona;
import md.personas.record.PersonaKeys;
import md.personas.sampling.CounterRandom;

/**
 * The facts of one life that the narratives tell but the record has no column for: a spouse, children and their
 * stage of life, grandchildren, a first child planned, living with the parents, years in retirement and the former
 * work of a pensioner, a student's school and year, and the real tasks of a job. Decided once per record, as a pure
 * function of the persona (its uuid, hence seed and index, and its columns), consistently with age, sex, marital
 * status, education and labour status; every narrative field and the LLM prompt read this one decision, so the two
 * writers tell the same life and no field contradicts another.
 *
 * @param spouse married: a husband or wife at home
 * @param children 0-4
 * @param childrenStage NONE, SMALL (the youngest under 7), SCHOOL (7-17) or GROWN (all adults)
 * @param grandchildren 0 when the children are too young
 * @param firstChildPlanned married, no children yet, and one is planned
 * @param withParents lives in the parents' home (never married, young)
 * @param yearsRetired years since retirement, -1 when not retired
 * @param formerWork a pensioner's career as a phrase ("ca profesoară la o școală din Soroca"), empty otherwise
 * @param study a student's school, or NONE
 * @param studyYear a student's year (1-4), 0 otherwise
 * @param tasks what the job really involves (a verb phrase), empty when not employed
 */
public record LifeFacts(
        boolean spouse,
        int children,
        ChildrenStage childrenStage,
        int grandchildren,
        boolean firstChildPlanned,
        boolean withParents,
        int yearsRetired,
        String formerWork,
        Study study,
        int studyYear,
        String tasks) {

    /** How old a persona's children are. */
    public enum ChildrenStage { NONE, SMALL, SCHOOL, GROWN }

    /** Where a student studies (the labour status "student" of an adult). */
    public enum Study {
        NONE(""),
        LYCEUM("liceu"),
        VOCATIONAL_SCHOOL("școală profesională"),
        COLLEGE("colegiu"),
        UNIVERSITY("universitate"),
        MASTERS("masterat"),
        DOCTORATE("doctorat"),
        COURSES("cursuri de calificare");

        private final String label;

        Study(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Only a lyceum ends in the baccalaureate. */
        public boolean leadsToBaccalaureate() {
            return this == LYCEUM;
        }
    }

    /** At most this many years since retirement count as "recently retired". */
    public static final int RECENT_RETIREMENT_YEARS = 3;

    private static final long SALT = 0x5DEECE66DL * 0x9E3779B97F4A7C15L;

    public boolean hasChildren() {
        return children > 0;
    }

    public boolean retired() {
        return yearsRetired >= 0;
    }

    public boolean recentlyRetired() {
        return yearsRetired >= 0 && yearsRetired <= RECENT_RETIREMENT_YEARS;
    }

    /** The facts of a persona under the bundled tables. */
    public static LifeFacts of(Persona p) {
        return LifeFactsTables.bundled().decide(p);
    }

    /** A random word per decision, from the persona's uuid (seed and index), independent of the writers' dice. */
    static final class Draws {
        private final long key;
        private int slot;

        Draws(Persona p) {
            long bits;
            try {
                UUID u = UUID.fromString(p.uuid());
                bits = u.getMostSignificantBits() ^ CounterRandom.mix64(u.getLeastSignificantBits());
            } catch (IllegalArgumentException | NullPointerException e) {
                bits = String.valueOf(p.uuid()).hashCode() * 31L + p.index();
            }
            key = CounterRandom.mix64(bits ^ SALT);
        }

        double uniform() {
            return CounterRandom.uniform(CounterRandom.word(key, slot++));
        }

        int below(int n) {
            if (n <= 1) {
                slot++;
                return 0;
            }
            return CounterRandom.below(CounterRandom.word(key, slot++), n);
        }

        int between(int low, int high) {
            return low + below(high - low + 1);
        }

        /** An index drawn from cumulative-free weights. */
        int weighted(double... weights) {
            double total = 0;
            for (double w : weights) {
                total += w;
            }
            double u = uniform() * total;
            for (int i = 0; i < weights.length; i++) {
                u -= weights[i];
                if (u < 0) {
                    return i;
                }
            }
            return weights.length - 1;
        }
    }

    /**
     * The facts as the LLM prompt states them, one short Romanian clause each, in the persona's gender; empty when
     * there is nothing beyond the columns to say.
     */
    public String describe(Persona p) {
        boolean f = p.isFemale();
        List<String> out = new ArrayList<>();
        PersonaKeys k = p.keys();
        String marital = k.maritalStatus();
        if (spouse) {
            out.add("locuiește cu " + (f ? "soțul" : "soția"));
        } else if ("widowed".equals(marital)) {
            out.add((f ? "soțul" : "soția") + " a murit");
        }
        if (children == 0) {
            out.add(firstChildPlanned ? "nu are încă copii; își dorește primul copil" : "nu are copii");
        } else {
            String count = children == 1 ? "un copil" : children == 2 ? "doi copii" : children == 3 ? "trei copii"
                    : "patru copii";
            String stage = switch (childrenStage) {
                case SMALL -> children == 1 ? "mic, sub 7 ani" : "mici (cel mai mic sub 7 ani)";
                case SCHOOL -> "de vârstă școlară";
                case GROWN -> children == 1 ? "adult" : "adulți";
                case NONE -> "";
            };
            out.add("are " + count + " " + stage);
        }
        if (grandchildren > 0) {
            out.add(grandchildren == 1 ? "are un nepot" : "are " + grandchildren + " nepoți");
        }
        if (withParents) {
            out.add("locuiește cu părinții");
        }
        if (retired()) {
            out.add(recentlyRetired() ? "s-a pensionat de curând (de cel mult " + RECENT_RETIREMENT_YEARS + " ani)"
                    : "este la pensie de " + yearsRetired + " ani");
            if (!formerWork.isEmpty()) {
                out.add("a lucrat " + formerWork);
            }
        }
        if (study != Study.NONE) {
            out.add("studiază la " + study.label() + (studyYear > 0 ? ", anul " + studyYear : "")
                    + (study.leadsToBaccalaureate() ? ", se pregătește de bacalaureat" : ""));
        }
        if (!tasks.isEmpty()) {
            out.add("la muncă " + tasks);
        }
        return String.join("; ", out);
    }
}
