package md.personas.record;

/**
 * Canonical ASCII ids of a persona's categories (the ids of the census reference), kept beside the Romanian labels
 * so that later stages look facts, prompts and quotas up by id rather than by label.
 *
 * @param ageGroupFine the census model's fine age group (18-19, 20-24, ..., 80+)
 * @param labourStatus employed, unemployed, retired, student, homemaker or other_inactive
 * @param iscoMajor isco_0 ... isco_9 for the employed, empty otherwise
 * @param isco08 the 4-digit ISCO-08 unit group of the job title, empty when not employed
 * @param sector agriculture, industry, construction or services for the employed, empty otherwise
 * @param localityCode the 7-digit CUATM code of the locality
 */
public record PersonaKeys(
        boolean female,
        String ageGroupFine,
        String region,
        String district,
        String residence,
        String localityCode,
        String ethnicity,
        String motherTongue,
        String usualLanguage,
        String religion,
        String education,
        String maritalStatus,
        String labourStatus,
        String iscoMajor,
        String isco08,
        String sector,
        String fieldOfStudy) {

    public boolean employed() {
        return "employed".equals(labourStatus);
    }

    public boolean retired() {
        return "retired".equals(labourStatus);
    }
}
