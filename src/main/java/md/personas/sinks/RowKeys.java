package md.personas.sinks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import md.personas.record.Column;

/**
 * The {@code (index, uuid)} of every row of a JSONL, Parquet or CSV file, read without decoding the other columns:
 * Parquet reads only those two column chunks; a JSONL line is parsed only up to its first two fields (the writer puts
 * uuid and index first); a CSV file is scanned byte by byte for its first two cells and its record ends. Fast enough
 * to check every part before a run and every release file before it replaces the previous one. A file that cannot
 * be read this way (truncated, garbage, a line that is not a whole JSON object, a CSV record with the wrong number of
 * cells) throws {@link RecordFormatException}.
 */
public abstract class RowKeys implements Closeable {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int CSV_CELLS = Column.values().length;

    /** One row's keys. */
    public record Key(long index, String uuid) { }

    /** The next row's keys, or null at the end. */
    public abstract Key next() throws IOException;

    public static RowKeys parquet(Path file) throws IOException {
        RowCursor rows = RecordParquet.open(file, EnumSet.of(Column.INDEX, Column.UUID));
        return new RowKeys() {
            @Override
            public Key next() throws IOException {
                StoredRow r = rows.next();
                return r == null ? null : new Key(r.index(), r.string(Column.UUID));
            }

            @Override
            public void close() throws IOException {
                rows.close();
            }
        };
    }

    public static RowKeys jsonl(Path file) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8), 1 << 16);
        return new RowKeys() {
            private long number;

            @Override
            public Key next() throws IOException {
                String line = lines.readLine();
                if (line == null) {
                    return null;
                }
                number++;
                if (!line.startsWith("{") || !line.endsWith("}")) {
                    throw new RecordFormatException(file + " line " + number + ": not a whole JSON object");
                }
                try (JsonParser p = JSON.createParser(line)) {
                    if (p.nextToken() == JsonToken.START_OBJECT && "uuid".equals(p.nextFieldName())
                            && p.nextToken() == JsonToken.VALUE_STRING) {
                        String uuid = p.getText();
                        if ("index".equals(p.nextFieldName()) && p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                            return new Key(p.getLongValue(), uuid);
                        }
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new RecordFormatException(file + " line " + number + ": not valid JSON", e);
                }
                StoredRow row = RecordJson.parseLine(line); // another field order: the full parse decides
                return new Key(row.index(), row.string(Column.UUID));
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    public static RowKeys csv(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new RowKeys() {
            private boolean headerSkipped;
            private long record;

            @Override
            public Key next() throws IOException {
                if (!headerSkipped) {
                    in.mark(3);
                    if (!(in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF)) {
                        in.reset();
                    }
                    headerSkipped = true;
                    if (scan(null, null) < 0) {
                        return null;
                    }
                }
                StringBuilder uuid = new StringBuilder(36);
                StringBuilder index = new StringBuilder(12);
                int cells = scan(uuid, index);
                if (cells < 0) {
                    return null;
                }
                record++;
                if (cells != CSV_CELLS) {
                    throw new RecordFormatException(file + " record " + record + ": " + cells + " cells, not "
                            + CSV_CELLS);
                }
                try {
                    return new Key(Long.parseLong(index.toString()), uuid.toString());
                } catch (NumberFormatException e) {
                    throw new RecordFormatException(file + " record " + record + ": index '" + index
                            + "' is not a number");
                }
            }

            /**
             * Reads one RFC 4180 record, keeping its first two cells; returns its number of cells, or -1 at the end
             * of the file. Quotes are followed so a line break or comma inside a quoted cell is data.
             */
            private int scan(StringBuilder first, StringBuilder second) throws IOException {
                int cell = 0;
                boolean quoted = false;
                boolean any = false;
                for (int b = in.read(); ; b = in.read()) {
                    if (b < 0) {
                        if (quoted) {
                            throw new RecordFormatException(file + ": the file ends inside a quoted cell");
                        }
                        return any ? cell + 1 : -1;
                    }
                    any = true;
                    if (quoted) {
                        if (b == '"') {
                            in.mark(1);
                            if (in.read() != '"') {
                                in.reset();
                                quoted = false;
                            } else {
                                keep(b, cell, first, second);
                            }
                        } else {
                            keep(b, cell, first, second);
                        }
                    } else if (b == '"') {
                        quoted = true;
                    } else if (b == ',') {
                        cell++;
                    } else if (b == '\n') {
                        return cell + 1;
                    } else if (b != '\r') {
                        keep(b, cell, first, second);
                    }
                }
            }

            private void keep(int b, int cell, StringBuilder first, StringBuilder second) {
                if (cell == 0 && first != null) {
                    first.append((char) b); // uuid and index are ASCII
                } else if (cell == 1 && second != null) {
                    second.append((char) b);
                }
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
