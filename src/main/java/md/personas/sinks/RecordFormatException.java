package md.personas.sinks;

import java.io.IOException;

/** A part or release file whose content does not follow the record contract: the file, where, and what is wrong. */
public final class RecordFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public RecordFormatException(String message) {
        super(message);
    }

    public RecordFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
