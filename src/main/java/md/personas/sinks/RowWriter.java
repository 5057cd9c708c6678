package md.personas.sinks;

import java.io.Closeable;
import java.io.IOException;
import md.personas.record.Row;

/** Writes rows to one file; {@link #close()} flushes, fsyncs and closes it, so a closed file is on disk. */
public interface RowWriter extends Closeable {

    void write(Row row) throws IOException;
}
