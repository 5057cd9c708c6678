package md.personas.record;

import java.util.List;
import java.util.function.Function;

/**
 * The columns of the record contract (README, "What you get"), in release order. Every sink, reader and check iterates this
 * enum, so the column list lives in exactly one place.
 */
public enum Column {
    UUID("uuid", Type.STRING, r -> r.persona().uuid()),
    INDEX("index", Type.LONG, r -> r.persona().index()),
    NAME("name", Type.STRING, r -> r.persona().name()),
    FIRST_NAME("first_name", Type.STRING, r -> r.persona().firstName()),
    LAST_NAME("last_name", Type.STRING, r -> r.persona().lastName()),
    SEX("sex", Type.STRING, r -> r.persona().sex()),
    AGE("age", Type.INT, r -> r.persona().age()),
    AGE_GROUP("age_group", Type.STRING, r -> r.persona().ageGroup()),
    MARITAL_STATUS("marital_status", Type.STRING, r -> r.persona().maritalStatus()),
    EDUCATION_LEVEL("education_level", Type.STRING, r -> r.persona().educationLevel()),
    FIELD_OF_STUDY("field_of_study", Type.STRING, r -> r.persona().fieldOfStudy()),
    OCCUPATION("occupation", Type.STRING, r -> r.persona().occupation()),
    OCCUPATION_GROUP("occupation_group", Type.STRING, r -> r.persona().occupationGroup()),
    EMPLOYMENT_STATUS("employment_status", Type.STRING, r -> r.persona().employmentStatus()),
    ETHNICITY("ethnicity", Type.STRING, r -> r.persona().ethnicity()),
    MOTHER_TONGUE("mother_tongue", Type.STRING, r -> r.persona().motherTongue()),
    USUAL_LANGUAGE("usual_language", Type.STRING, r -> r.persona().usualLanguage()),
    RELIGION("religion", Type.STRING, r -> r.persona().religion()),
    LOCALITY("locality", Type.STRING, r -> r.persona().locality()),
    DISTRICT("district", Type.STRING, r -> r.persona().district()),
    REGION("region", Type.STRING, r -> r.persona().region()),
    RESIDENCE_TYPE("residence_type", Type.STRING, r -> r.persona().residenceType()),
    COUNTRY("country", Type.STRING, r -> r.persona().country()),
    OCEAN_OPENNESS("ocean_openness", Type.INT, r -> r.persona().oceanOpenness()),
    OCEAN_CONSCIENTIOUSNESS("ocean_conscientiousness", Type.INT, r -> r.persona().oceanConscientiousness()),
    OCEAN_EXTRAVERSION("ocean_extraversion", Type.INT, r -> r.persona().oceanExtraversion()),
    OCEAN_AGREEABLENESS("ocean_agreeableness", Type.INT, r -> r.persona().oceanAgreeableness()),
    OCEAN_NEUROTICISM("ocean_neuroticism", Type.INT, r -> r.persona().oceanNeuroticism()),
    PERSONA("persona", Type.STRING, r -> r.narrative().persona()),
    PROFESSIONAL_PERSONA("professional_persona", Type.STRING, r -> r.narrative().professionalPersona()),
    SPORTS_PERSONA("sports_persona", Type.STRING, r -> r.narrative().sportsPersona()),
    ARTS_PERSONA("arts_persona", Type.STRING, r -> r.narrative().artsPersona()),
    TRAVEL_PERSONA("travel_persona", Type.STRING, r -> r.narrative().travelPersona()),
    CULINARY_PERSONA("culinary_persona", Type.STRING, r -> r.narrative().culinaryPersona()),
    CULTURAL_BACKGROUND("cultural_background", Type.STRING, r -> r.narrative().culturalBackground()),
    SKILLS_AND_EXPERTISE("skills_and_expertise", Type.STRING, r -> r.narrative().skillsAndExpertise()),
    SKILLS_AND_EXPERTISE_LIST("skills_and_expertise_list", Type.STRING_LIST,
            r -> r.narrative().skillsAndExpertiseList()),
    HOBBIES_AND_INTERESTS("hobbies_and_interests", Type.STRING, r -> r.narrative().hobbiesAndInterests()),
    HOBBIES_AND_INTERESTS_LIST("hobbies_and_interests_list", Type.STRING_LIST,
            r -> r.narrative().hobbiesAndInterestsList()),
    CAREER_GOALS_AND_AMBITIONS("career_goals_and_ambitions", Type.STRING,
            r -> r.narrative().careerGoalsAndAmbitions()),
    PERSONA_SUMMARY("persona_summary", Type.STRING, r -> r.narrative().personaSummary()),
    NARRATIVE_STATUS("narrative_status", Type.STRING, r -> r.narrative().status().label()),
    NARRATIVE_MODEL("narrative_model", Type.STRING, r -> r.narrative().model()),
    PROMPT_VERSION("prompt_version", Type.STRING, r -> r.narrative().promptVersion());

    /** Physical type of a column in Parquet and in the readers' checks. */
    public enum Type { STRING, INT, LONG, STRING_LIST }

    private final String columnName;
    private final Type type;
    private final Function<PersonaRecord, Object> accessor;

    Column(String columnName, Type type, Function<PersonaRecord, Object> accessor) {
        this.columnName = columnName;
        this.type = type;
        this.accessor = accessor;
    }

    /** The contract name of the column, e.g. {@code first_name}. */
    public String columnName() {
        return columnName;
    }

    public Type type() {
        return type;
    }

    public Object valueOf(PersonaRecord record) {
        return accessor.apply(record);
    }

    /** The narrative text and list columns, which the narrative contract governs. */
    public static final List<Column> NARRATIVE_FIELDS = List.of(PERSONA, PROFESSIONAL_PERSONA, SPORTS_PERSONA,
            ARTS_PERSONA, TRAVEL_PERSONA, CULINARY_PERSONA, CULTURAL_BACKGROUND, SKILLS_AND_EXPERTISE,
            SKILLS_AND_EXPERTISE_LIST, HOBBIES_AND_INTERESTS, HOBBIES_AND_INTERESTS_LIST, CAREER_GOALS_AND_AMBITIONS,
            PERSONA_SUMMARY);

    /** The six persona variants, each 1-3 sentences starting with the first name. */
    public static final List<Column> PERSONA_VARIANTS = List.of(PERSONA, PROFESSIONAL_PERSONA, SPORTS_PERSONA,
            ARTS_PERSONA, TRAVEL_PERSONA, CULINARY_PERSONA);
}
