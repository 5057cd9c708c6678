package md.personas.narratives;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.record.PersonaKeys;

/**
 * The record-coherence check: rule-based and cheap, it reads a finished record and reports what a reader would
 * call a contradiction, between the narratives and the record's columns or between two narrative fields: work talk
 * without a job, a job denied to the employed, a first child planned beside children, a student in two schools or a
 * vocational school that ends in the baccalaureate, a study or a job for someone the record says does neither, a
 * pensioner's career in the present tense or a fresh retirement at 70, events the age rules out (grandchildren at
 * 30, parents' support at 60, a first job at 50, a second university year at 19 after a college), a parent's own
 * children minded while "the parents" work, a hospital ward beside a health centre, a spouse the marital status
 * denies, and a faith or a mother tongue the record denies. Each finding is a {@link ContractViolation} naming the field to rewrite, so the LLM writer's
 * targeted repair can use it. Stateless: one instance serves every thread.
 */
public final class RecordCoherence {

    /** Texts are matched in lower case, so the patterns need no case folding (the check runs on every record). */
    private static Pattern p(String regex) {
        return Pattern.compile(regex);
    }

    /** Talk of a job of one's own now: a schedule, a workplace, colleagues, days off. */
    private static final Pattern WORK_TALK = p("\\b(?:la serviciu|zi liberă|zile libere|zilele libere|"
            + "colegii de serviciu|colegii de muncă|după serviciu|după program|pauza de prânz|"
            + "lucrează ca|lucrează în prezent|este angajat|este angajată|merge la muncă în fiecare)\\b");
    private static final Pattern NO_JOB = p("\\b(?:nu are (?:un|niciun) loc de muncă|caută de lucru|"
            + "și-a pierdut locul de muncă|fără loc de muncă|este în șomaj|este șomer|este șomeră)\\b");
    private static final Pattern FIRST_CHILD_PLANNED = p("\\b(?:primul (?:lor )?copil|primul lor prunc)\\b");
    /** The persona's own children (not children in general, as in "copiii umblă cu Plugușorul"). */
    private static final Pattern HAS_CHILDREN = p("\\b(?:copiii|copilul|nepoții|nepotul|copiilor|nepoților) "
            + "(?:lui|ei|lor|săi|sale|mari)\\b|\\b(?:are|crește|cresc|au|și|cu|își vede|vin|vine) (?:un copil|doi copii|"
            + "trei copii|patru copii|copii mari|un băiat și o fată|copiii|nepoții)\\b|\\b(?:fiul|fiica) (?:lui|ei|lor|său|sa)\\b|"
            + "\\bcopiii și nepoții\\b");
    private static final Pattern NEPHEWS = p("\\bnepo(?:ți|ții|ților) de (?:frate|soră)\\b");
    private static final Pattern GROWN_CHILDREN = p("\\b(?:copii mari|copiii mari|copiii la casa lor|nepoți|nepoții|"
            + "nepoților|strănepoți)\\b");
    private static final Pattern PARENTS_SUPPORT = p("\\b(?:locuiește (?:încă )?cu părinții|părinții (?:îl|o) ajută|"
            + "sprijinul părinților|la părinți acasă|în casa părinților, unde)\\b");
    private static final Pattern FIRST_JOB = p("\\b(?:primul (?:său )?loc de muncă|primul job|primul serviciu)\\b");
    private static final Pattern RECENT_RETIREMENT = p("\\b(?:pensionar[ăa]? de (?:câțiva ani|curând|puțin timp)|"
            + "(?:ieșit|ieșită) la pensie (?:de curând|recent|acum câțiva ani|anul trecut)|"
            + "s-a pensionat (?:de curând|recent|acum câțiva ani|anul trecut)|proaspăt pensionat[ăa]?|"
            + "de curând la pensie|recent la pensie|abia a ieșit la pensie)\\b");
    private static final Pattern STUDYING_NOW = p("\\b(?:studiază acum|învață acum|este student|este studentă|"
            + "este elev|este elevă|e student|e studentă|urmează acum|anul (?:întâi|i|al doilea|al treilea) de studii|"
            + "se pregătește (?:pentru|de) bacalaureat)\\b");
    private static final Pattern BACCALAUREATE_PREP = p("\\bse pregătește (?:pentru|de) bacalaureat\\b");
    private static final Pattern VOCATIONAL_BAC = p("(?:școal[ăa] profesional[ăa][^.]{0,80}bacalaureat|"
            + "bacalaureat[^.]{0,80}școal[ăa] profesional[ăa])");
    /**
     * A school of one's own now: "învață acum la liceu", "studentă la universitate", and the ways into it a
     * student's story tells ("și-a continuat studiile la universitate", "a intrat la un colegiu").
     */
    private static final Pattern PRESENT_SCHOOL = p("\\b(?:învață(?: acum)?|studiază(?: acum)?|elev[ăa]?|"
            + "student[ăa]?|este în anul [^ ]+(?: [^ ]+)?|și-a continuat studiile|a intrat|a fost admis[ăa]?) "
            + "(?:la|în|de la) (?:un |o |cel mai apropiat |cea mai apropiată )?(liceu|colegiu|școal[ăa] profesional[ăa]|"
            + "universitat|facultat|academi|masterat|doctorat)");
    private static final Pattern SPOUSE = p("\\b(?:soția (?:lui|sa)|soțul (?:ei|său)|(?:cu|alături de|împreună cu) "
            + "(?:soția|soțul)|și (?:soția|soțul) (?:lui|ei))\\b");
    private static final Pattern WIDOWED = p("\\b(?:a rămas văduv[ăa]?|de când (?:soția|soțul) s-a stins|"
            + "este văduv[ăa]?)\\b");
    private static final Pattern NEVER_MARRIED = p("\\bnu (?:este|e) (?:căsătorit|căsătorită)\\b|"
            + "\\bnu s-a căsătorit niciodată\\b");
    /** A degree still to be earned: "vrea să devină ingineră cu studii superioare". */
    private static final Pattern DEGREE_PLANNED = p("\\bsă (?:devină|ajungă|-și ia|obțină|facă|termine)[^.]{0,60}"
            + "(?:cu studii superioare|diploma de licență|o diplomă de licență|studiile superioare|facultatea)");
    /** "lucrează ca X ... și lucrează ...": the job's tasks told with the verb that already introduced the job. */
    private static final Pattern WORK_REPEATED = p("\\blucrează ca [^.]{1,160}?(?:\\bși|, unde|:) lucrează\\b");
    /** A village told as having city quarters, or a town dweller's own surroundings told as villages. */
    private static final Pattern QUARTER = p("\\b(?:din|în|prin) cartier\\b|\\bcartierul (?:lui|ei|său|în care)\\b");
    private static final Pattern VILLAGES_AROUND = p("\\b(?:rude|rădăcini adânci|rădăcini) în satele din jur\\b|"
            + "\\bse ridică (?:în|prin) satele (?:din jur|vecine)\\b");
    /** Bosses of one's own ("iar șefii știu", "șeful lui"): wrong for the self-employed and for those without a job. */
    private static final Pattern BOSSES = p("\\b(?:șefii|șeful|șefa) (?:lui|ei|său|sa|săi|sale)\\b|\\biar șefii\\b|"
            + "\\bșefii (?:știu|îl|o|îi|își)\\b");
    /** Visits to one's grandparents ("merge la bunici în sat"): not at an age their grandparents cannot reach. */
    private static final Pattern GRANDPARENTS_VISIT = p("\\b(?:merge|pleacă|fuge|se duce)(?: vara| des| în vacanțe)? "
            + "la bunici\\b|\\bla bunici în sat\\b");
    /** Help given to or visits paid to one's parents ("dă o mână de ajutor la părinți"). */
    private static final Pattern PARENTS_VISIT = p("\\b(?:ajutor|merge|trece|fuge) (?:pe )?la părinți\\b");
    /**
     * A parent's own children told as a grandparent or a nanny tells them: "își crește copiii ... cât timp părinții
     * sunt la muncă", where the parents are the persona.
     */
    private static final Pattern PARENT_AS_CARER = p("își (?:crește|duce|lasă|îngrijește) copiii\\b[^.]{0,120}"
            + "\\bcât (?:timp )?părinții\\b");
    /** Ward talk ("bolnavii din salon"): a hospital's, not a health centre's or a laboratory's. */
    private static final String[] WARD_TALK = {"bolnavii din salon", "din saloane", "salonul de bolnavi"};
    private static final String[] NOT_A_HOSPITAL = {"la centrul de sănătate", "la un laborator", "la laboratorul"};
    /** A university year of one's own: "studentă în anul al doilea". */
    private static final Pattern UNIVERSITY_YEAR = p("\\bstudent[ăa]? în anul (întâi|al doilea|al treilea|al patrulea)\\b");
    private static final List<String> YEARS = List.of("întâi", "al doilea", "al treilea", "al patrulea");
    /** From this age on, parents to visit and help are too rare. */
    private static final int NO_PARENTS_AGE = 70;
    /** From this age on, living grandparents are too rare to visit. */
    private static final int NO_GRANDPARENTS_AGE = 50;
    /** Job titles (lower-case prefixes) of people who work for themselves: no boss stands over them. */
    private static final String[] OWN_ACCOUNT_TITLES = {"comerciant", "vânzător la piață", "vânzătoare la piață",
        "antreprenor", "antreprenoare", "patron", "patroană"};
    private static final Pattern CENSUS_LABEL = p("loc\\.st\\.c\\.f\\.|\\bst\\.c\\.f\\.");
    private static final Pattern MOTHER_TONGUE = p("\\blimba (?:sa |lui |ei )?maternă(?: a lui \\S+| a \\S+)? (?:este |e )?(româna|rusa|"
            + "ucraineana|găgăuza|bulgara|romani|limba română|limba rusă|limba ucraineană|limba găgăuză|limba bulgară)");
    private static final Pattern FAITH_CLAIM = p("\\b(?:este|e|fiind|ca) (?:un |o )?(?:creștin[ăa]? )?"
            + "(ortodox[ăa]?|baptist[ăa]?|catolic[ăa]?|adventist[ăa]?|penticostal[ăa]?|musulman[ăa]?|ateu|atee|"
            + "martor[ăa]? a(?:l)? lui iehova|starover[ăa]?)\\b");
    private static final Pattern CHURCHGOING = p("\\b(?:merge la biserică|se roagă|nu lipsește de la slujb|"
            + "ține postul|merge la slujbă)");

    /*
     * Substrings of which every match of a pattern holds one: a pattern runs only on a text that has one of them.
     * Java runs an alternation that starts at a word boundary at every position of the text, and this check runs on
     * every record, so these plain searches are what keeps it cheap. Keep them in step with the patterns above.
     */
    private static final String[] WORK_TALK_HINTS = {"serviciu", "zi liberă", "zile libere", "zilele libere",
        "colegii de muncă", "după program", "pauza de prânz", "lucrează ca", "lucrează în prezent", "este angajat",
        "merge la muncă în"};
    private static final String[] NO_JOB_HINTS = {"loc de muncă", "locul de muncă", "caută de lucru", "în șomaj",
        "este șomer"};
    private static final String[] STUDYING_NOW_HINTS = {"studiază acum", "învață acum", "student", "este elev",
        "urmează acum", "de studii", "bacalaureat"};
    private static final String[] PARENTS_SUPPORT_HINTS = {"cu părinții", "părinții îl", "părinții o",
        "sprijinul părinților", "la părinți acasă", "casa părinților"};
    private static final String[] FIRST_JOB_HINTS = {"loc de muncă", "primul job", "primul serviciu"};
    private static final String[] NEVER_MARRIED_HINTS = {"nu este căsătorit", "nu e căsătorit", "nu s-a căsătorit"};
    /** Substrings of which every match of {@link #RECENT_RETIREMENT} holds one. */
    private static final String[] RETIREMENT_ANCHORS = {"pensi"};
    /** Substrings of which every match of {@link #DEGREE_PLANNED} holds one (the degree it ends with). */
    private static final String[] DEGREE_ANCHORS = {"superioare", "licență", "facultatea"};
    /**
     * How far from its anchor a match may reach: the longest is {@link #DEGREE_PLANNED}, a verb, up to 60
     * characters and "o diplomă de" before "licență" (about 85).
     */
    private static final int ANCHOR_REACH = 100;
    /** The stems a faith claim starts with; the claim pattern runs only around them. */
    private static final String[] FAITH_STEMS = {"ortodox", "baptist", "catolic", "adventist", "penticostal",
        "musulman", "ateu", "atee", "martor", "starover"};
    /** Characters a faith claim may span before its faith word ("fiind o creștină "). */
    private static final int FAITH_WINDOW = 30;

    /** The faith word stems each religion id admits. */
    private static final Map<String, List<String>> FAITH_WORDS = Map.ofEntries(
            Map.entry("orthodox", List.of("ortodox", "starover")),
            Map.entry("old_believer", List.of("ortodox", "starover")),
            Map.entry("baptist", List.of("baptist")),
            Map.entry("christian_by_gospel", List.of("baptist", "penticostal")),
            Map.entry("pentecostal", List.of("penticostal")),
            Map.entry("adventist", List.of("adventist")),
            Map.entry("catholic", List.of("catolic")),
            Map.entry("jehovahs_witness", List.of("martor")),
            Map.entry("islam", List.of("musulman")),
            Map.entry("atheist", List.of("ateu", "atee")),
            Map.entry("no_religion", List.of("ateu", "atee")));

    private static final Map<String, List<String>> LANGUAGE_WORDS = Map.ofEntries(
            Map.entry("romanian", List.of("român")),
            Map.entry("moldovan", List.of("român")),
            Map.entry("romanian_moldovan", List.of("român")),
            Map.entry("russian", List.of("rus")),
            Map.entry("ukrainian", List.of("ucrainean")),
            Map.entry("gagauz", List.of("găgăuz")),
            Map.entry("bulgarian", List.of("bulgar")),
            Map.entry("romani", List.of("romani")));

    /** Every contradiction of the record; empty when it reads as one life. */
    public List<ContractViolation> check(Persona p, Narrative n) {
        return check(p, NarrativeFields.lowerTexts(n));
    }

    /** As {@link #check(Persona, Narrative)}, given the narrative's text fields in lower case. */
    List<ContractViolation> check(Persona p, String[] texts) {
        List<ContractViolation> out = new ArrayList<>();
        PersonaKeys k = p.keys();
        String[] names = NarrativeFields.TEXT_FIELD_NAMES;
        int age = p.age();
        boolean student = "student".equals(k.labourStatus());
        String marital = k.maritalStatus();
        boolean rural = "rural".equals(k.residence());
        String wrongKind = wrongPlaceKind(p, rural);
        String plannedIn = null;
        String schoolIn = null;
        String school = null;
        for (int i = 0; i < texts.length; i++) {
            String field = names[i];
            String t = texts[i];
            if (t.isEmpty()) {
                continue;
            }
            // Cheap substring tests first: most texts hold none of a rule's words, and this runs on every record.
            if (!k.employed()) {
                if (holdsAny(t, WORK_TALK_HINTS)) {
                    find(WORK_TALK, t, field, "no_job", "talks about a job of the persona's own, but the record has "
                            + "none (" + p.employmentStatus() + ")", out);
                }
            } else if (holdsAny(t, NO_JOB_HINTS)) {
                find(NO_JOB, t, field, "job", "says the persona has no job, but the record says "
                        + p.occupation(), out);
            }
            if (k.retired() && age >= 70 && t.contains("pensi")) {
                findNear(RECENT_RETIREMENT, t, RETIREMENT_ANCHORS, field, "retirement",
                        "calls a pensioner of " + age + " recently retired", out);
            }
            if (!student) {
                if (holdsAny(t, STUDYING_NOW_HINTS)) {
                    findNear(STUDYING_NOW, t, STUDYING_NOW_HINTS, field, "school", "says the persona studies now, but the record's status is "
                            + p.employmentStatus(), out);
                }
            } else {
                if (t.contains("bacalaureat")) {
                    find(VOCATIONAL_BAC, t, field, "school",
                            "has a vocational school lead to the baccalaureate (only a lyceum does)", out);
                }
                Matcher m = PRESENT_SCHOOL.matcher(t);
                while (m.find()) {
                    String kind = schoolKind(m.group(1));
                    if (school == null) {
                        school = kind;
                        schoolIn = field;
                    } else if (!school.equals(kind)) {
                        out.add(new ContractViolation(field, "school", "has the persona study at a " + kind
                                + " while " + schoolIn + " says " + school));
                    }
                }
                if (school != null && !school.equals("liceu") && BACCALAUREATE_PREP.matcher(t).find()) {
                    out.add(new ContractViolation(field, "school",
                            "prepares for the baccalaureate at a " + school + " (only a lyceum leads to it)"));
                }
            }
            if (student && t.contains("în anul") && ("upper_secondary".equals(k.education())
                    || "vocational_technical".equals(k.education()))) {
                Matcher m = UNIVERSITY_YEAR.matcher(t);
                // A first year fits any adult; a later one needs the years since the first.
                if (m.find() && age < firstUniversityAge(k.education()) + YEARS.indexOf(m.group(1))
                        && YEARS.indexOf(m.group(1)) > 0) {
                    out.add(new ContractViolation(field, "school", "puts a student of " + age + " with "
                            + p.educationLevel() + " in " + m.group(1) + " year at university ('" + m.group() + "')"));
                }
            }
            if (plannedIn == null && t.contains("primul") && FIRST_CHILD_PLANNED.matcher(t).find()) {
                plannedIn = field;
            }
            if (age < 36 && (t.contains("copii") || t.contains("nepo"))) {
                find(GROWN_CHILDREN, NEPHEWS.matcher(t).replaceAll(""), field, "age",
                        "gives a persona of " + age + " grown children or grandchildren", out);
            }
            if (age >= 45 && holdsAny(t, PARENTS_SUPPORT_HINTS)) {
                find(PARENTS_SUPPORT, t, field, "age", "has a persona of " + age + " live on the parents' support",
                        out);
            }
            if (age >= 45 && k.employed() && holdsAny(t, FIRST_JOB_HINTS)) {
                find(FIRST_JOB, t, field, "age", "gives a persona of " + age + " a first job", out);
            }
            switch (marital) {
                case "never_married" -> {
                    if (t.contains("soț")) {
                        find(SPOUSE, t, field, "marital", "gives a spouse to a persona who never married", out);
                    }
                }
                case "married" -> {
                    if (t.contains("văduv") || t.contains("s-a stins")) {
                        find(WIDOWED, t, field, "marital", "makes a married persona a widow(er)", out);
                    }
                    if (holdsAny(t, NEVER_MARRIED_HINTS)) {
                        find(NEVER_MARRIED, t, field, "marital", "says a married persona is not married", out);
                    }
                }
                case "widowed", "divorced" -> {
                    if (holdsAny(t, NEVER_MARRIED_HINTS)) {
                        find(NEVER_MARRIED, t, field, "marital",
                                "says the persona never married, but the record says " + p.maritalStatus(), out);
                    }
                }
                default -> {
                }
            }
            if ("tertiary".equals(k.education()) && !student && (t.contains("superioare") || t.contains("licență")
                    || t.contains("facultatea"))) {
                findNear(DEGREE_PLANNED, t, DEGREE_ANCHORS, field, "education", "plans a degree, but the record says the persona has "
                        + "one (" + p.educationLevel() + ")", out);
            }
            if (k.employed() && t.contains("lucrează ca") && t.indexOf("lucrează", t.indexOf("lucrează ca") + 11) >= 0) {
                find(WORK_REPEATED, t, field, "repetition", "tells the job's tasks with 'lucrează' again", out);
            }
            checkPlaceType(rural, wrongKind, t, field, out);
            if (age >= NO_GRANDPARENTS_AGE && t.contains("la bunici")) {
                find(GRANDPARENTS_VISIT, t, field, "age", "has a persona of " + age + " visit the grandparents", out);
            }
            if (age >= NO_PARENTS_AGE && t.contains("la părinți")) {
                find(PARENTS_VISIT, t, field, "age", "has a persona of " + age + " visit the parents", out);
            }
            if (t.contains("șef") && (!k.employed() || ownAccount(p))) {
                find(BOSSES, t, field, "bosses", "gives bosses to a persona who has none ("
                        + (k.employed() ? p.occupation() : p.employmentStatus()) + ")", out);
            }
            if (t.contains("părinții") && t.contains("copiii")) {
                find(PARENT_AS_CARER, t, field, "children", "tells the persona's own children as minded while "
                        + "'the parents' work, but the persona is the parent", out);
            }
            if (t.contains("c.f.")) {
                find(CENSUS_LABEL, t, field, "place", "writes the census label of the place; write "
                        + PlaceNames.spoken(p.locality()), out);
            }
            checkFaith(k.religion(), t, field, out);
            if (t.contains("maternă")) {
                checkMotherTongue(k.motherTongue(), p.motherTongue(), t, field, out);
            }
        }
        checkWorkplace(names, texts, out);
        if (plannedIn != null) {
            // Children are looked for only when a first child is planned (rare): the costly pattern runs seldom.
            for (int i = 0; i < texts.length; i++) {
                String t = texts[i];
                if (HAS_CHILDREN.matcher(NEPHEWS.matcher(FIRST_CHILD_PLANNED.matcher(t).replaceAll(""))
                        .replaceAll("")).find()) {
                    out.add(new ContractViolation(plannedIn, "children",
                            "plans a first child while " + names[i] + " speaks of the persona's children"));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The words for the persona's own place agree with its kind: a village is not "orașul X" and has no quarters,
     * a town is not "satul X" and its dweller's relatives are not "in the villages around" as neighbours.
     */
    private static void checkPlaceType(boolean rural, String wrongKind, String t, String field,
                                       List<ContractViolation> out) {
        int at = t.indexOf(wrongKind);
        if (at >= 0 && (t.startsWith("în ", at - 3) || t.startsWith("din ", at - 4))) {
            out.add(new ContractViolation(field, "place_type", "calls the persona's " + (rural ? "village" : "town")
                    + " '" + wrongKind + "'"));
        }
        if (rural && t.contains("cartier")) {
            find(QUARTER, t, field, "place_type", "gives a village a city quarter", out);
        } else if (!rural && t.contains("satele")) {
            find(VILLAGES_AROUND, t, field, "place_type", "tells a town dweller's surroundings as villages", out);
        }
    }

    /**
     * The age of a first-year student who comes to university with this education: 18 after the baccalaureate,
     * 19 after a college diploma (four years from 15). The writers' study year and this check both read it.
     */
    public static int firstUniversityAge(String education) {
        return "vocational_technical".equals(education) ? 19 : 18;
    }

    /** A workplace and the tasks told of it agree: no hospital ward at a health centre or a laboratory. */
    private static void checkWorkplace(String[] names, String[] texts, List<ContractViolation> out) {
        int ward = -1;
        int other = -1;
        for (int i = 0; i < texts.length; i++) {
            if (ward < 0 && holdsAny(texts[i], WARD_TALK)) {
                ward = i;
            }
            if (other < 0 && holdsAny(texts[i], NOT_A_HOSPITAL)) {
                other = i;
            }
        }
        if (ward >= 0 && other >= 0) {
            out.add(new ContractViolation(names[ward], "workplace", "tells of a hospital ward while "
                    + names[other] + " places the persona's work outside a hospital"));
        }
    }

    /** What the persona's own place must not be called: "orașul X" for a village, "satul X" for a town. */
    private static String wrongPlaceKind(Persona p, boolean rural) {
        String loc = PlaceNames.spoken(p.locality()).toLowerCase(Locale.ROOT);
        return rural ? "orașul " + loc : "satul " + loc;
    }

    /** Farmers on their own land and traders on their own account (ISCO-08 61-63 or such a title). */
    private static boolean ownAccount(Persona p) {
        String code = p.keys().isco08();
        if (code.startsWith("61") || code.startsWith("62") || code.startsWith("63")) {
            return true;
        }
        String title = p.occupation().toLowerCase(Locale.ROOT);
        for (String own : OWN_ACCOUNT_TITLES) {
            if (title.startsWith(own)) {
                return true;
            }
        }
        return false;
    }

    private static String schoolKind(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.startsWith("universitat") || w.startsWith("facultat") || w.startsWith("academi")) {
            return "universitate";
        }
        if (w.startsWith("școal")) {
            return "școală profesională";
        }
        return w;
    }

    private static void find(Pattern pattern, String text, String field, String rule, String detail,
                             List<ContractViolation> out) {
        Matcher m = pattern.matcher(text);
        if (m.find()) {
            out.add(new ContractViolation(field, rule, detail + " ('" + m.group() + "')"));
        }
    }

    /**
     * As {@link #find}, but the pattern runs only within {@link #ANCHOR_REACH} characters of each anchor, a
     * substring every match of it holds: an alternation that starts at a word boundary is tried at every position
     * of a whole text, and these texts are long. Transparent bounds, so a word boundary sees past the window.
     */
    private static void findNear(Pattern pattern, String text, String[] anchors, String field, String rule,
                                 String detail, List<ContractViolation> out) {
        Matcher m = null;
        for (String anchor : anchors) {
            for (int i = text.indexOf(anchor); i >= 0; i = text.indexOf(anchor, i + anchor.length())) {
                if (m == null) {
                    m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                }
                m.region(Math.max(0, i - ANCHOR_REACH), Math.min(text.length(), i + anchor.length() + ANCHOR_REACH));
                if (m.find()) {
                    out.add(new ContractViolation(field, rule, detail + " ('" + m.group() + "')"));
                    return;
                }
            }
        }
    }

    private static boolean holdsAny(String text, String[] hints) {
        for (String h : hints) {
            if (text.contains(h)) {
                return true;
            }
        }
        return false;
    }

    private static void checkFaith(String religion, String text, String field, List<ContractViolation> out) {
        if (religion.isEmpty()) {
            return; // a record read back without the id: nothing to compare with
        }
        List<String> allowed = FAITH_WORDS.get(religion);
        if (("atheist".equals(religion) || "no_religion".equals(religion)) && (text.contains("biseric")
                || text.contains("roagă") || text.contains("slujb") || text.contains("post"))) {
            find(CHURCHGOING, text, field, "faith", "has a persona without religion practise a faith", out);
        }
        Matcher m = null;
        for (String stem : FAITH_STEMS) {
            for (int i = text.indexOf(stem); i >= 0; i = text.indexOf(stem, i + stem.length())) {
                if (m == null) {
                    m = FAITH_CLAIM.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                }
                m.region(Math.max(0, i - FAITH_WINDOW), Math.min(text.length(), i + FAITH_WINDOW));
                while (m.find()) {
                    String word = m.group(1).toLowerCase(Locale.ROOT);
                    if (allowed != null && allowed.stream().noneMatch(word::startsWith)) {
                        out.add(new ContractViolation(field, "faith", "calls the persona '" + m.group(1)
                                + "', which the record's religion (" + religion + ") denies"));
                        return;
                    }
                }
            }
        }
    }

    private static void checkMotherTongue(String id, String label, String text, String field,
                                          List<ContractViolation> out) {
        List<String> stems = LANGUAGE_WORDS.get(id);
        if (stems == null) {
            return;
        }
        Matcher m = MOTHER_TONGUE.matcher(text);
        if (m.find()) {
            String lang = m.group(1).toLowerCase(Locale.ROOT).replace("limba ", "");
            if (stems.stream().noneMatch(lang::startsWith)) {
                out.add(new ContractViolation(field, "language", "gives the mother tongue as '" + m.group(1)
                        + "', but the record says " + label));
            }
        }
    }
}
