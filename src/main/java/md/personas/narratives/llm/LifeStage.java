package md.personas.narratives.llm;

import md.personas.record.Persona;

/** The stage of life that selects the prompt's guidance: what a persona can plausibly have done and want. */
enum LifeStage {
    /** 18-24 without a job, or in education. */
    YOUNG("young"),
    /** Employed, at any age. */
    WORKING("working"),
    /** Of working age or older without a job, not retired. */
    NOT_WORKING("not-working"),
    /** Pensioners: careers in the past tense. */
    RETIRED("retired");

    static final int YOUNG_UNTIL = 24;

    private final String key;

    LifeStage(String key) {
        this.key = key;
    }

    /** The key of this stage's texts in the prompt resource. */
    String key() {
        return key;
    }

    static LifeStage of(Persona p) {
        if (p.keys().employed()) {
            return WORKING;
        }
        if (p.keys().retired()) {
            return RETIRED;
        }
        if ("student".equals(p.keys().labourStatus()) || p.age() <= YOUNG_UNTIL) {
            return YOUNG;
        }
        return NOT_WORKING;
    }
}
