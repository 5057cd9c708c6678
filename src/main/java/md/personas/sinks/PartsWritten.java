package md.personas.sinks;

/**
 * What a part sink wrote before its stream completed: the materialized value of {@link PartSinks}' sinks.
 *
 * @param lastPartNumber the number of the last part written, or -1 if none was
 */
public record PartsWritten(PartFormat format, int parts, long records, int lastPartNumber) {

    public static PartsWritten none(PartFormat format) {
        return new PartsWritten(format, 0, 0, -1);
    }

    public PartsWritten plus(PartWritten part) {
        return new PartsWritten(format, parts + 1, records + part.records(), part.number());
    }
}
