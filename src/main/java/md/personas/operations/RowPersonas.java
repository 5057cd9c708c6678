package md.personas.operations;

import java.util.HashMap;
import java.util.Map;
import md.personas.census.CensusModel;
import md.personas.census.JobTitle;
import md.personas.narratives.NarrativeFields;
import md.personas.record.Column;
import md.personas.record.Narrative;
import md.personas.record.NarrativeStatus;
import md.personas.record.Persona;
import md.personas.record.PersonaKeys;
import md.personas.record.Row;

/**
 * A row read back from a released file as the persona and narrative it was written from, so that {@code validate}
 * judges a file with exactly the checks the stream used. The ids behind the labels come from the census model.
 */
final class RowPersonas {

    private final CensusModel model;
    /** ISCO-08 unit group of every job title, in either grammatical gender. */
    private final Map<String, String> iscoOfTitle = new HashMap<>();

    RowPersonas(CensusModel model) {
        this.model = model;
        for (JobTitle t : model.occupations().titles()) {
            iscoOfTitle.put(t.masculine(), t.isco08());
            iscoOfTitle.put(t.feminine(), t.isco08());
        }
    }

    Persona persona(Row r) {
        String sex = r.string(Column.SEX);
        boolean female = sex != null && model.sex().indexOfLabel(sex) >= 0
                && model.sex().id(model.sex().indexOfLabel(sex)).equals("F");
        int labour = model.labour().indexOfLabel(r.string(Column.EMPLOYMENT_STATUS));
        // Every id a label of the row names, so the narrative checks judge a read-back row as they judged the stream's
        // (place kind, faith, language, schooling, marriage, job); the fine age group, locality code and sector are
        // not columns and stay empty.
        String occupation = r.string(Column.OCCUPATION);
        PersonaKeys keys = new PersonaKeys(female, "", id(model.region(), r.string(Column.REGION)),
                id(model.district(), r.string(Column.DISTRICT)), id(model.residence(), r.string(Column.RESIDENCE_TYPE)),
                "", id(model.ethnicity(), r.string(Column.ETHNICITY)),
                id(model.language(), r.string(Column.MOTHER_TONGUE)), id(model.language(),
                r.string(Column.USUAL_LANGUAGE)), id(model.religion(), r.string(Column.RELIGION)),
                id(model.education(), r.string(Column.EDUCATION_LEVEL)), id(model.marital(),
                r.string(Column.MARITAL_STATUS)), labour < 0 ? "" : model.labour().id(labour),
                id(model.isco(), r.string(Column.OCCUPATION_GROUP)),
                occupation == null ? "" : iscoOfTitle.getOrDefault(occupation, ""), "",
                id(model.fieldOfStudy().field(), r.string(Column.FIELD_OF_STUDY)));
        return new Persona(r.string(Column.UUID), number(r, Column.INDEX), r.string(Column.NAME),
                r.string(Column.FIRST_NAME), r.string(Column.LAST_NAME), sex, (int) number(r, Column.AGE),
                r.string(Column.AGE_GROUP), r.string(Column.MARITAL_STATUS), r.string(Column.EDUCATION_LEVEL),
                r.string(Column.FIELD_OF_STUDY), r.string(Column.OCCUPATION), r.string(Column.OCCUPATION_GROUP),
                r.string(Column.EMPLOYMENT_STATUS), r.string(Column.ETHNICITY), r.string(Column.MOTHER_TONGUE),
                r.string(Column.USUAL_LANGUAGE), r.string(Column.RELIGION), r.string(Column.LOCALITY),
                r.string(Column.DISTRICT), r.string(Column.REGION), r.string(Column.RESIDENCE_TYPE),
                r.string(Column.COUNTRY), (int) number(r, Column.OCEAN_OPENNESS),
                (int) number(r, Column.OCEAN_CONSCIENTIOUSNESS), (int) number(r, Column.OCEAN_EXTRAVERSION),
                (int) number(r, Column.OCEAN_AGREEABLENESS), (int) number(r, Column.OCEAN_NEUROTICISM), keys,
                number(r, Column.INDEX));
    }

    /** The narrative of a row; its fields are the contract's ({@link NarrativeFields}), read by column name. */
    static Narrative narrative(Row r) {
        return NarrativeFields.narrative(field -> r.get(Column.valueOf(field.toUpperCase(java.util.Locale.ROOT))),
                NarrativeStatus.fromLabel(r.string(Column.NARRATIVE_STATUS)), r.string(Column.NARRATIVE_MODEL),
                r.string(Column.PROMPT_VERSION));
    }

    /** The id of a canonical label, or empty when the label is unknown (the rule checks report that). */
    private static String id(md.personas.census.CategorySet set, String label) {
        int i = label == null ? -1 : set.indexOfLabel(label);
        return i < 0 ? "" : set.id(i);
    }

    private static long number(Row r, Column c) {
        Object v = r.get(c);
        return v instanceof Number n ? n.longValue() : -1;
    }
}
