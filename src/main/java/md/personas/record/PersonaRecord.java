package md.personas.record;

/** One row of the released dataset: the structured persona and its narrative. */
public record PersonaRecord(Persona persona, Narrative narrative) {

    public long index() {
        return persona.index();
    }
}
