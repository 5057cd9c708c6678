package md.personas.record;

/**
 * The structured part of one synthetic adult resident: identity, demographics and personality columns of the
 * record contract (README, "What you get"), as canonical Romanian labels. It is a pure function of (seed, proposal, census
 * model); {@link #index()} and {@link #uuid()} are assigned when the rebalancer accepts the proposal.
 *
 * @param keys the canonical ASCII ids behind the labels, for stages that look things up (facts, prompts, quotas);
 *             not a column
 * @param proposal the proposal index the persona was sampled from; not a column
 */
public record Persona(
        String uuid,
        long index,
        String name,
        String firstName,
        String lastName,
        String sex,
        int age,
        String ageGroup,
        String maritalStatus,
        String educationLevel,
        String fieldOfStudy,
        String occupation,
        String occupationGroup,
        String employmentStatus,
        String ethnicity,
        String motherTongue,
        String usualLanguage,
        String religion,
        String locality,
        String district,
        String region,
        String residenceType,
        String country,
        int oceanOpenness,
        int oceanConscientiousness,
        int oceanExtraversion,
        int oceanAgreeableness,
        int oceanNeuroticism,
        PersonaKeys keys,
        long proposal) {

    /** The same persona at its place in the accepted stream. */
    public Persona withIndex(long newIndex, String newUuid) {
        return new Persona(newUuid, newIndex, name, firstName, lastName, sex, age, ageGroup, maritalStatus,
                educationLevel, fieldOfStudy, occupation, occupationGroup, employmentStatus, ethnicity, motherTongue,
                usualLanguage, religion, locality, district, region, residenceType, country, oceanOpenness,
                oceanConscientiousness, oceanExtraversion, oceanAgreeableness, oceanNeuroticism, keys, proposal);
    }

    public boolean isFemale() {
        return keys.female();
    }
}
