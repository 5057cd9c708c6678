package md.personas.record;

/** One row of the released dataset: the structured persona and its narrative. */
public record PersonaRecord(Persona persona, Narrative narrative) implements Row {

    public long index() {
        return persona.index();
    }

    @Override
    public Object get(Column column) {
        return column.valueOf(this);
    }
}
