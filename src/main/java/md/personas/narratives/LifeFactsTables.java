package md.personas.narratives;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import md.personas.narratives.LifeFacts.ChildrenStage;
import md.personas.narratives.LifeFacts.Study;
import md.personas.record.Persona;
import md.personas.record.PersonaKeys;

/**
 * Decides the {@link LifeFacts} of a persona from {@code narratives/life-facts.json} (pension ages, a pensioner's
 * former work) and {@code narratives/job-tasks.json} (the tasks of a job title, with a fallback by ISCO-08 code
 * prefix for titles the file does not know). Immutable after loading; one instance serves every thread.
 */
public final class LifeFactsTables {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile LifeFactsTables bundled;

    private final int pensionAgeMen;
    private final int pensionAgeWomen;
    private final List<Rule> formerWork = new ArrayList<>();
    private final List<Rule> fallbackWork = new ArrayList<>();
    private final List<TaskGroup> taskGroups = new ArrayList<>();

    /** A text with its condition, as in the phrase bank (a small subset of its keys). */
    private record Rule(String text, JsonNode when) {
    }

    /** Tasks of job-title prefixes or ISCO-08 code prefixes; the most specific matching group wins. */
    private record TaskGroup(List<String> jobs, List<String> isco, boolean fallback, List<Rule> tasks) {
    }

    private LifeFactsTables(JsonNode life, JsonNode jobs) {
        pensionAgeMen = life.path("pension_age").path("M").asInt();
        pensionAgeWomen = life.path("pension_age").path("F").asInt();
        if (pensionAgeMen < 50 || pensionAgeWomen < 50) {
            throw new IllegalStateException("narratives/life-facts.json: pension_age is missing");
        }
        for (JsonNode e : life.path("former_work")) {
            Rule r = rule(e);
            (e.path("fallback").asBoolean() ? fallbackWork : formerWork).add(r);
        }
        for (JsonNode g : jobs.path("groups")) {
            List<String> titles = new ArrayList<>();
            g.path("job").forEach(j -> titles.add(j.asText()));
            List<String> codes = new ArrayList<>();
            g.path("isco08").forEach(c -> codes.add(c.asText()));
            List<Rule> tasks = new ArrayList<>();
            g.path("tasks").forEach(t -> tasks.add(rule(t)));
            taskGroups.add(new TaskGroup(titles, codes, g.path("fallback").asBoolean(), tasks));
        }
        if (fallbackWork.isEmpty() || taskGroups.stream().noneMatch(TaskGroup::fallback)) {
            throw new IllegalStateException("life-facts.json and job-tasks.json each need a fallback entry");
        }
    }

    private static Rule rule(JsonNode e) {
        return e.isTextual() ? new Rule(e.asText(), null) : new Rule(e.path("t").asText(), e.get("when"));
    }

    /** The tables shipped with the project. */
    public static LifeFactsTables bundled() {
        LifeFactsTables t = bundled;
        if (t == null) {
            synchronized (LifeFactsTables.class) {
                if (bundled == null) {
                    bundled = new LifeFactsTables(read("/narratives/life-facts.json"),
                            read("/narratives/job-tasks.json"));
                }
                t = bundled;
            }
        }
        return t;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = LifeFactsTables.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the build");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    public int pensionAge(boolean female) {
        return female ? pensionAgeWomen : pensionAgeMen;
    }

    public LifeFacts decide(Persona p) {
        LifeFacts.Draws d = new LifeFacts.Draws(p);
        PersonaKeys k = p.keys();
        int age = p.age();
        String marital = k.maritalStatus();
        boolean married = "married".equals(marital);

        int children = d.weighted(childWeights(marital, age));
        // The eldest child was born when the parent was 20-31; the others 2-6 years apart.
        int eldest = age - d.between(20, 31);
        if (eldest < 0) {
            children = 0;
        }
        // The others 2-6 years apart; none born after the parent's 42nd year or in the future.
        int youngest = eldest;
        int born = children > 0 ? 1 : 0;
        for (int i = 1; i < children; i++) {
            int next = youngest - d.between(2, 6);
            if (next < 0 || age - next > 42) {
                break;
            }
            youngest = next;
            born++;
        }
        children = born;
        ChildrenStage stage = children == 0 ? ChildrenStage.NONE
                : youngest < 7 ? ChildrenStage.SMALL : youngest < 18 ? ChildrenStage.SCHOOL : ChildrenStage.GROWN;
        int grandchildren = 0;
        // No grandchildren beside a child under 7: the narrative would speak of small children and grandchildren in
        // one breath, which reads as a slip even where it happens.
        if (stage != ChildrenStage.SMALL && children > 0 && eldest >= 22 && d.uniform() < (eldest >= 30 ? 0.88 : 0.4)) {
            grandchildren = d.between(1, Math.min(7, children * 2 + (eldest >= 35 ? 1 : 0)));
        }
        boolean planned = married && children == 0 && age >= 20 && age <= 38 && d.uniform() < 0.6;
        boolean withParents = "never_married".equals(marital)
                && (age <= 26 ? d.uniform() < 0.8 : age <= 34 && d.uniform() < 0.35);

        int yearsRetired = -1;
        String former = "";
        if (k.retired()) {
            int pensionAge = pensionAge(k.female());
            yearsRetired = age >= pensionAge ? age - pensionAge : d.between(1, Math.max(1, Math.min(12, age - 19)));
            if (age >= 35) {
                former = render(pick(formerWork, fallbackWork, p, d), p, d);
            }
        }
        Study study = Study.NONE;
        int year = 0;
        if ("student".equals(k.labourStatus())) {
            study = study(k.education(), age, d);
            year = switch (study) {
                case LYCEUM -> 0;
                case UNIVERSITY -> {
                    // First year at 18 after the baccalaureate, at 19 after a college diploma (four years from 15).
                    int first = RecordCoherence.firstUniversityAge(k.education());
                    yield age <= first + 4 ? Math.max(1, Math.min(4, age - first + 1)) : d.between(1, 4);
                }
                case MASTERS -> d.between(1, 2);
                case DOCTORATE -> d.between(1, 3);
                case VOCATIONAL_SCHOOL, COLLEGE -> Math.max(1, Math.min(3, age - 16));
                default -> 0;
            };
        }
        String tasks = k.employed() ? render(tasks(p, d), p, d) : "";
        return new LifeFacts(married, children, stage, grandchildren, planned, withParents, yearsRetired, former,
                study, year, tasks);
    }

    /** Children by marital status and age, Moldovan family sizes (0, 1, 2, 3, 4). */
    private static double[] childWeights(String marital, int age) {
        if ("never_married".equals(marital)) {
            return age < 30 ? new double[] {0.96, 0.04, 0, 0, 0} : new double[] {0.84, 0.13, 0.03, 0, 0};
        }
        if (age < 25) {
            return new double[] {0.5, 0.42, 0.08, 0, 0};
        }
        if (age < 35) {
            return new double[] {0.2, 0.4, 0.33, 0.07, 0};
        }
        if (age < 65) {
            return new double[] {0.08, 0.3, 0.44, 0.14, 0.04};
        }
        return new double[] {0.05, 0.24, 0.44, 0.19, 0.08};
    }

    private static Study study(String education, int age, LifeFacts.Draws d) {
        return switch (education) {
            case "none", "primary" -> Study.COURSES;
            case "lower_secondary" -> age <= 19 && d.uniform() < 0.6 ? Study.LYCEUM
                    : d.uniform() < 0.5 ? Study.VOCATIONAL_SCHOOL : Study.COLLEGE;
            case "upper_secondary" -> age <= 40 ? Study.UNIVERSITY : Study.COURSES;
            case "vocational_technical" -> age <= 35 ? Study.UNIVERSITY : Study.COURSES;
            case "tertiary" -> age <= 32 || d.uniform() < 0.6 ? Study.MASTERS : Study.DOCTORATE;
            default -> Study.COURSES;
        };
    }

    /** The most specific group of the job title (longest title prefix), else of its ISCO-08 code (longest prefix). */
    private Rule tasks(Persona p, LifeFacts.Draws d) {
        String title = p.occupation().toLowerCase(Locale.ROOT);
        String code = p.keys().isco08();
        TaskGroup best = null;
        int bestScore = -1;
        for (TaskGroup g : taskGroups) {
            int score = -1;
            for (String j : g.jobs()) {
                if (title.startsWith(j)) {
                    score = Math.max(score, 100 + j.length());
                }
            }
            for (String c : g.isco()) {
                if (!code.isEmpty() && code.startsWith(c)) {
                    score = Math.max(score, c.length());
                }
            }
            if (g.fallback() && score < 0) {
                score = 0;
            }
            if (score > bestScore) {
                best = g;
                bestScore = score;
            }
        }
        List<Rule> fitting = new ArrayList<>();
        for (Rule r : best.tasks()) {
            if (fits(r.when(), p)) {
                fitting.add(r);
            }
        }
        if (fitting.isEmpty()) {
            fitting.addAll(best.tasks());
        }
        return fitting.get(d.below(fitting.size()));
    }

    private static Rule pick(List<Rule> rules, List<Rule> fallback, Persona p, LifeFacts.Draws d) {
        List<Rule> fitting = new ArrayList<>();
        for (Rule r : rules) {
            if (fits(r.when(), p)) {
                fitting.add(r);
            }
        }
        List<Rule> from = fitting.isEmpty() ? fallback : fitting;
        return from.get(d.below(from.size()));
    }

    /** The phrase-bank conditions these tables use: field, education, residence, region, district, sex, age, capital. */
    static boolean fits(JsonNode when, Persona p) {
        if (when == null || !when.isObject()) {
            return true;
        }
        PersonaKeys k = p.keys();
        for (var e : when.properties()) {
            String key = e.getKey();
            boolean negated = key.startsWith("not_");
            String name = negated ? key.substring(4) : key;
            JsonNode v = e.getValue();
            boolean ok = switch (name) {
                case "age" -> p.age() >= v.get(0).asInt() && p.age() <= v.get(1).asInt();
                case "capital" -> v.asBoolean() == capital(p);
                case "field" -> anyOf(v, k.fieldOfStudy());
                case "education" -> anyOf(v, k.education());
                case "residence" -> anyOf(v, k.residence());
                case "region" -> anyOf(v, k.region());
                case "district" -> anyOf(v, k.district());
                case "sex" -> anyOf(v, k.female() ? "F" : "M");
                default -> throw new IllegalStateException("life facts: unknown condition '" + key + "'");
            };
            if (ok == negated) {
                return false;
            }
        }
        return true;
    }

    /** Resolves every [a|b|c] (and optional [a]) with the draws; brackets do not nest in these tables. */
    private static String choose(String t, LifeFacts.Draws d) {
        StringBuilder out = new StringBuilder(t.length());
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '[') {
                int end = t.indexOf(']', i);
                String[] options = t.substring(i + 1, end).split("\\|", -1);
                if (options.length == 1) {
                    if (d.uniform() < 0.5) {
                        out.append(options[0]);
                    }
                } else {
                    out.append(options[d.below(options.length)]);
                }
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean capital(Persona p) {
        return "mun_chisinau".equals(p.keys().district()) && "Chișinău".equals(p.locality());
    }

    private static boolean anyOf(JsonNode v, String value) {
        if (v.isArray()) {
            for (JsonNode x : v) {
                if (x.asText().equals(value)) {
                    return true;
                }
            }
            return false;
        }
        return v.asText().equals(value);
    }

    /**
     * {masculine|feminine} by sex, [one|other] drawn ([text] alone is optional), {@code <dname>} as the district's
     * name, {@code <loc>} as the locality: the phrase-bank syntax, for the few texts these tables hold.
     */
    static String render(Rule r, Persona p, LifeFacts.Draws d) {
        String t = choose(r.text(), d);
        StringBuilder out = new StringBuilder(t.length());
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '{') {
                int bar = t.indexOf('|', i);
                int end = t.indexOf('}', i);
                if (p.isFemale()) {
                    out.append(t, bar + 1, end);
                } else {
                    out.append(t, i + 1, bar);
                }
                i = end + 1;
            } else if (c == '<') {
                int end = t.indexOf('>', i);
                String var = t.substring(i + 1, end);
                out.append(switch (var) {
                    case "dname" -> PlaceNames.districtName(p);
                    case "loc" -> PlaceNames.spoken(p.locality());
                    default -> throw new IllegalStateException("life facts: unknown variable <" + var + ">");
                });
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
