package md.personas.narratives;

/**
 * One way a narrative breaks the narrative contract.
 *
 * @param field the contract column name of the offending field (e.g. {@code persona_summary})
 * @param rule a short stable rule id (length, sentences, first_name, list_size, cedilla, language, gender, age,
 *             place, occupation, past_tense, missing)
 * @param detail a human-readable explanation, used in repair requests and reports
 */
public record ContractViolation(String field, String rule, String detail) {

    @Override
    public String toString() {
        return field + ": " + detail;
    }
}
