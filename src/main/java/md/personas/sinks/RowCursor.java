package md.personas.sinks;

import java.io.Closeable;
import java.io.IOException;

/** Rows read one at a time from a file or a merge of files; closing releases the files it holds open. */
public interface RowCursor extends Closeable {

    /** The next row, or null once every row has been read. */
    StoredRow next() throws IOException;
}
