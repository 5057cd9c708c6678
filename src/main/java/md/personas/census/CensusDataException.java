package md.personas.census;

/**
 * The census reference data is broken: a table that does not sum to 1, an unknown label, a missing conditional
 * row, a negative number, an IPF that does not converge. The message is one line naming the table, the row and
 * what is wrong; the program stops with exit code 2.
 */
public final class CensusDataException extends RuntimeException {

    public CensusDataException(String message) {
        super(message);
    }

    public CensusDataException(String message, Throwable cause) {
        super(message, cause);
    }

    static CensusDataException inTable(String table, String row, String problem) {
        return new CensusDataException("census table '" + table + "'" + (row.isEmpty() ? "" : " row " + row) + ": "
                + problem);
    }
}
