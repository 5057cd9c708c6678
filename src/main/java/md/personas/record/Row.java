package md.personas.record;

/**
 * A record seen column by column: a {@link PersonaRecord} in the stream, or a row read back from a released
 * file. Statistics, checks and writers work on rows, so they judge a file exactly as they judged the stream.
 */
public interface Row {

    /** The value of a column: String, Integer, Long or List&lt;String&gt; as {@link Column.Type} says. */
    Object get(Column column);

    default String string(Column column) {
        Object v = get(column);
        return v == null ? null : v.toString();
    }
}
