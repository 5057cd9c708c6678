package md.personas.census;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import md.personas.record.Column;
import md.personas.record.Row;

/**
 * The hard consistency rules, checked on a record (from the stream or read back from a file):
 * age and its group, education and age (no completed level below its minimum age), labour status, marital status
 * and occupation only where the model gives them positive probability (so a pensioner at 25 exists only as the
 * rare disability or special pension the labour table documents), the occupation title and its group agreeing with
 * the employment status and, in grammatical gender, with sex; the title's entry rules (age bounds, a degree, the
 * field of study it demands, past the retirement age only jobs of working pensioners); field of study only with
 * vocational or higher education; first names from the pool of the ethnicity, sex and birth decade, surnames from
 * the ethnicity's pool, for women possibly in the feminine form; locality inside
 * district inside region, with the locality's own urban/rural status; every label a known category.
 */
public final class ConsistencyRules {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final CensusModel model;
    private final Map<String, Integer> fineGroupByAge = new HashMap<>();
    private final Set<String> localityKeys = new HashSet<>();
    private final Map<String, Integer> regionOfDistrict = new HashMap<>();
    private final Map<String, List<Integer>> titlesByGroupSexLabel = new HashMap<>();
    private final Map<String, Set<String>> firstNames = new HashMap<>();
    private final Map<String, Set<String>> surnames = new HashMap<>();
    private final String noField;

    public ConsistencyRules(CensusModel model) {
        this.model = model;
        for (int g = 0; g < model.ageGroupFine().size(); g++) {
            for (int a = model.ageGroupFineLow(g); a <= model.ageGroupFineHigh(g); a++) {
                fineGroupByAge.put(Integer.toString(a), g);
            }
        }
        Geography geo = model.geography();
        for (Locality l : geo.localities()) {
            localityKeys.add(key(geo.district().label(l.district()), l.name(), model.residence().label(l.residence())));
        }
        for (int d = 0; d < geo.district().size(); d++) {
            regionOfDistrict.put(geo.district().label(d), geo.regionOf(d));
        }
        List<JobTitle> titles = model.occupations().titles();
        for (int t = 0; t < titles.size(); t++) {
            String group = model.isco().label(titles.get(t).iscoMajor());
            titlesByGroupSexLabel.computeIfAbsent(key(group, "M", titles.get(t).masculine()), k -> new ArrayList<>())
                    .add(t);
            titlesByGroupSexLabel.computeIfAbsent(key(group, "F", titles.get(t).feminine()), k -> new ArrayList<>())
                    .add(t);
        }
        NameModel names = model.names();
        for (int e = 0; e < model.ethnicity().size(); e++) {
            for (int s = 0; s < model.sex().size(); s++) {
                boolean female = "F".equals(model.sex().id(s));
                String k = key(model.ethnicity().label(e), model.sex().label(s));
                for (int d = 0; d < names.decades().size(); d++) {
                    firstNames.put(key(k, names.decades().get(d)), Set.of(names.firstNames(e, s, d).names()));
                }
                Set<String> last = new HashSet<>();
                String[] pool = names.surnames(e).names();
                for (int i = 0; i < pool.length; i++) {
                    double feminine = female ? names.feminineProbability(e, i) : 0;
                    if (feminine < 1) {
                        last.add(pool[i]);
                    }
                    if (feminine > 0) {
                        last.add(names.feminineForm(e, i));
                    }
                }
                surnames.put(k, last);
            }
        }
        noField = model.fieldOfStudy().field().label(model.fieldOfStudy().field().indexOf("none"));
    }

    private static String key(String... parts) {
        return String.join("\u001f", parts);
    }

    /** Every hard-rule violation of one record; empty when it is consistent. */
    public List<String> violations(Row row) {
        List<String> out = new ArrayList<>();
        String uuid = row.string(Column.UUID);
        if (uuid == null || !UUID.matcher(uuid).matches()) {
            out.add("uuid '" + uuid + "' is not a canonical UUID");
        }
        Object ageValue = row.get(Column.AGE);
        int age = ageValue instanceof Number n ? n.intValue() : -1;
        Integer fine = fineGroupByAge.get(Integer.toString(age));
        if (fine == null) {
            out.add("age " + ageValue + " is outside " + CensusModel.MIN_AGE + "-" + CensusModel.MAX_AGE);
            return out;
        }
        if (!CensusModel.AGE_GROUPS.get(CensusModel.ageGroupIndex(age)).equals(row.string(Column.AGE_GROUP))) {
            out.add("age_group " + row.string(Column.AGE_GROUP) + " does not contain age " + age);
        }
        int s = indexOf(model.sex(), row, Column.SEX, out);
        int ed = indexOf(model.education(), row, Column.EDUCATION_LEVEL, out);
        int l = indexOf(model.labour(), row, Column.EMPLOYMENT_STATUS, out);
        int m = indexOf(model.marital(), row, Column.MARITAL_STATUS, out);
        int e = indexOf(model.ethnicity(), row, Column.ETHNICITY, out);
        indexOf(model.language(), row, Column.MOTHER_TONGUE, out);
        indexOf(model.language(), row, Column.USUAL_LANGUAGE, out);
        indexOf(model.religion(), row, Column.RELIGION, out);
        int r = indexOf(model.region(), row, Column.REGION, out);
        int res = indexOf(model.residence(), row, Column.RESIDENCE_TYPE, out);
        if (!CensusModel.COUNTRY.equals(row.string(Column.COUNTRY))) {
            out.add("country is '" + row.string(Column.COUNTRY) + "', not " + CensusModel.COUNTRY);
        }
        if (ed >= 0 && age < model.minimumAgeForEducation(ed)) {
            out.add("education " + row.string(Column.EDUCATION_LEVEL) + " at age " + age + " (minimum "
                    + model.minimumAgeForEducation(ed) + ")");
        }
        if (s >= 0 && ed >= 0 && res >= 0 && !educationPossible(s, age, ed)) {
            out.add("education " + row.string(Column.EDUCATION_LEVEL) + " has no probability at age " + age);
        }
        if (s >= 0 && ed >= 0 && l >= 0 && r >= 0 && res >= 0
                && model.labourGivenSexGroupRegionResidenceEducation()[s][fine][r][res][ed][l] == 0) {
            out.add("employment_status " + row.string(Column.EMPLOYMENT_STATUS) + " is impossible at age " + age
                    + " with education " + row.string(Column.EDUCATION_LEVEL));
        }
        if (s >= 0 && m >= 0 && model.maritalGivenSexGroup()[s][fine][m] == 0) {
            out.add("marital_status " + row.string(Column.MARITAL_STATUS) + " is impossible at age " + age);
        }
        if (s >= 0 && l >= 0 && ed >= 0) {
            checkOccupation(row, "F".equals(model.sex().id(s)), age, l, ed, out);
        }
        checkGeography(row, r, res, out);
        if (e >= 0 && s >= 0) {
            checkNames(row, e, s, age, out);
        }
        for (Column c : List.of(Column.OCEAN_OPENNESS, Column.OCEAN_CONSCIENTIOUSNESS, Column.OCEAN_EXTRAVERSION,
                Column.OCEAN_AGREEABLENESS, Column.OCEAN_NEUROTICISM)) {
            Object v = row.get(c);
            if (!(v instanceof Number n) || n.intValue() < 0 || n.intValue() > 100) {
                out.add(c.columnName() + " " + v + " is outside 0-100");
            }
        }
        return out;
    }

    /** Whether a level has probability at this sex and age in some place (zero only below a minimum age). */
    private boolean educationPossible(int s, int age, int ed) {
        for (double[] byPlace : model.educationGivenSexAgePlace()[s][age - CensusModel.MIN_AGE]) {
            if (byPlace[ed] > 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(CategorySet set, Row row, Column column, List<String> out) {
        String label = row.string(column);
        int i = label == null ? -1 : set.indexOfLabel(label);
        if (i < 0) {
            out.add(column.columnName() + " '" + label + "' is not a known category");
        }
        return i;
    }

    private void checkOccupation(Row row, boolean female, int age, int l, int ed, List<String> out) {
        String occupation = row.string(Column.OCCUPATION);
        String group = row.string(Column.OCCUPATION_GROUP);
        String field = row.string(Column.FIELD_OF_STUDY);
        if (model.fieldOfStudy().field().indexOfLabel(field) < 0) {
            out.add("field_of_study '" + field + "' is not a known category");
        } else if (model.fieldOfStudy().hasField(ed) == noField.equals(field)) {
            out.add("field_of_study '" + field + "' does not fit education " + row.string(Column.EDUCATION_LEVEL));
        }
        if (!"employed".equals(model.labour().id(l))) {
            String expected = female ? model.labour().feminineLabel(l) : model.labour().label(l);
            if (!expected.equals(occupation)) {
                out.add("occupation '" + occupation + "' of a person not employed should be '" + expected + "'");
            }
            if (!CensusModel.NOT_WORKING_GROUP.equals(group)) {
                out.add("occupation_group '" + group + "' of a person not employed should be '"
                        + CensusModel.NOT_WORKING_GROUP + "'");
            }
            return;
        }
        int k = model.isco().indexOfLabel(group);
        if (k < 0) {
            out.add("occupation_group '" + group + "' of an employed person is not an ISCO group");
            return;
        }
        if (model.iscoGivenEducation()[ed][k] == 0) {
            out.add("occupation_group '" + group + "' is out of reach of education "
                    + row.string(Column.EDUCATION_LEVEL));
        }
        List<Integer> titles = titlesByGroupSexLabel.get(key(group, female ? "F" : "M", occupation));
        if (titles == null) {
            out.add("occupation '" + occupation + "' is not a " + (female ? "feminine" : "masculine")
                    + " title of group '" + group + "'");
            return;
        }
        // A label shared by several titles is consistent when one of them fits.
        String why = null;
        for (int t : titles) {
            why = titleMismatch(t, female, age, ed, field);
            if (why == null) {
                return;
            }
        }
        out.add("occupation '" + occupation + "' " + why);
    }

    private String titleMismatch(int t, boolean female, int age, int ed, String field) {
        OccupationModel jobs = model.occupationModel();
        String why = jobs.whyNot(t, female, age, ed);
        if (why != null) {
            return why;
        }
        int demanded = jobs.rules(t).requiredField();
        CategorySet fields = model.fieldOfStudy().field();
        if (demanded >= 0 && !fields.label(demanded).equals(field)) {
            return "demands field_of_study '" + fields.label(demanded) + "', not '" + field + "'";
        }
        return null;
    }

    private void checkGeography(Row row, int r, int res, List<String> out) {
        String district = row.string(Column.DISTRICT);
        Integer districtRegion = regionOfDistrict.get(district);
        if (districtRegion == null) {
            out.add("district '" + district + "' is not a censused district");
            return;
        }
        if (r >= 0 && districtRegion != r) {
            out.add("district " + district + " is not in region " + row.string(Column.REGION));
        }
        if (res >= 0 && !localityKeys.contains(key(district, row.string(Column.LOCALITY),
                row.string(Column.RESIDENCE_TYPE)))) {
            out.add("locality '" + row.string(Column.LOCALITY) + "' is not a " + row.string(Column.RESIDENCE_TYPE)
                    + " locality of " + district);
        }
    }

    private void checkNames(Row row, int e, int s, int age, List<String> out) {
        String k = key(model.ethnicity().label(e), model.sex().label(s));
        String first = row.string(Column.FIRST_NAME);
        String last = row.string(Column.LAST_NAME);
        String decade = model.names().decades().get(model.names().decade(age));
        if (!firstNames.get(key(k, decade)).contains(first)) {
            out.add("first_name '" + first + "' is not in the " + model.ethnicity().label(e) + " "
                    + model.sex().label(s) + " pool of the " + decade);
        }
        if (!surnames.get(k).contains(last)) {
            out.add("last_name '" + last + "' is not in the " + model.ethnicity().label(e) + " pool in the form for "
                    + model.sex().label(s));
        }
        if (!(first + " " + last).equals(row.string(Column.NAME))) {
            out.add("name '" + row.string(Column.NAME) + "' is not first_name + last_name");
        }
    }
}
