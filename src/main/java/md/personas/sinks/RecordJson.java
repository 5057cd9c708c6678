package md.personas.sinks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import md.personas.record.Column;
import md.personas.record.Row;

/**
 * The JSON form of a record: one object per line, keys in {@link Column} order, lists as JSON arrays, UTF-8 with
 * non-ASCII characters written as themselves (Romanian letters stay readable; Jackson escapes only quotes,
 * backslashes and control characters). The same row always gives the same bytes, so release files built from
 * the same parts are byte-identical.
 *
 * <p>Written with Jackson's streaming {@link JsonGenerator} rather than data binding: no reflection and no
 * intermediate tree per record, which matters at a million 5 KB records.
 */
public final class RecordJson {

    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private static final Column[] COLUMNS = Column.values();
    private static final Map<String, Column> BY_NAME = byName();

    private RecordJson() {
    }

    /** A generator for JSON lines on {@code out}: no separator between root values, each line ends in '\n'. */
    public static JsonGenerator lineGenerator(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setRootValueSeparator(null);
        return g;
    }

    /** Writes {@code row} as one JSON object followed by a newline. Every column must have a value. */
    public static void writeLine(JsonGenerator g, Row row) throws IOException {
        g.writeStartObject();
        for (Column c : COLUMNS) {
            Object v = row.get(c);
            if (v == null) {
                throw new IllegalArgumentException("column " + c.columnName() + " is null in the record with index "
                        + row.get(Column.INDEX));
            }
            g.writeFieldName(c.columnName());
            switch (c.type()) {
                case STRING -> g.writeString((String) v);
                case INT -> g.writeNumber((Integer) v);
                case LONG -> g.writeNumber((Long) v);
                case STRING_LIST -> writeList(g, listOf(v));
            }
        }
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** One record as its JSON line, newline included, in UTF-8. */
    public static byte[] toLine(Row row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = lineGenerator(out)) {
            writeLine(g, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory stream does not fail
        }
        return out.toByteArray();
    }

    /** A list as a compact JSON array, e.g. {@code ["Grădinărit","Șah"]}: the CSV form of a list column. */
    public static String listToJson(List<String> list) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeList(g, list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Parses one JSON line into a row. */
    public static StoredRow parseLine(String line) throws RecordFormatException {
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new RecordFormatException("a record line must be a JSON object: " + abbreviate(line));
            }
            StoredRow row = readObject(p, "line");
            if (p.nextToken() != null) {
                throw new RecordFormatException("more than one JSON value on the line: " + abbreviate(line));
            }
            return row;
        } catch (RecordFormatException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new RecordFormatException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does not fail
        }
    }

    /** A writer of JSON lines to {@code file} (replaced if present); closing it fsyncs the file. */
    public static RowWriter writer(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        JsonGenerator g = lineGenerator(out);
        return new RowWriter() {
            @Override
            public void write(Row row) throws IOException {
                writeLine(g, row);
            }

            @Override
            public void close() throws IOException {
                try (channel) {
                    g.close();
                    out.flush();
                    channel.force(true);
                }
            }
        };
    }

    /** A cursor over the records of a JSONL file, in file order. */
    public static RowCursor open(Path file) throws IOException {
        return new JsonlCursor(file, Files.newInputStream(file));
    }

    /** Reads the object whose START_OBJECT is the current token; every column present exactly once. */
    static StoredRow readObject(JsonParser p, String where) throws IOException {
        Object[] values = new Object[COLUMNS.length];
        int seen = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            if (t != JsonToken.FIELD_NAME) {
                throw new RecordFormatException(where + ": expected a column name, found " + t);
            }
            String name = p.currentName();
            Column c = BY_NAME.get(name);
            if (c == null) {
                throw new RecordFormatException(where + ": unknown column '" + name + "'");
            }
            if (values[c.ordinal()] != null) {
                throw new RecordFormatException(where + ": column '" + name + "' appears twice");
            }
            values[c.ordinal()] = readValue(p, c, where);
            seen++;
        }
        if (seen != COLUMNS.length) {
            List<String> missing = new ArrayList<>();
            for (Column c : COLUMNS) {
                if (values[c.ordinal()] == null) {
                    missing.add(c.columnName());
                }
            }
            throw new RecordFormatException(where + ": missing columns " + missing);
        }
        return new StoredRow(values);
    }

    private static Object readValue(JsonParser p, Column c, String where) throws IOException {
        JsonToken t = p.nextToken();
        switch (c.type()) {
            case STRING -> {
                if (t == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
            }
            case INT -> {
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                    return p.getIntValue();
                }
            }
            case LONG -> {
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    return p.getLongValue();
                }
            }
            case STRING_LIST -> {
                if (t == JsonToken.START_ARRAY) {
                    List<String> list = new ArrayList<>();
                    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                        if (e != JsonToken.VALUE_STRING) {
                            throw new RecordFormatException(where + ": column '" + c.columnName()
                                    + "' must be an array of strings, found " + e);
                        }
                        list.add(p.getText());
                    }
                    return Collections.unmodifiableList(list);
                }
            }
        }
        throw new RecordFormatException(where + ": column '" + c.columnName() + "' must be "
                + switch (c.type()) {
                    case STRING -> "a string";
                    case INT -> "a 32-bit integer";
                    case LONG -> "a 64-bit integer";
                    case STRING_LIST -> "an array of strings";
                } + ", found " + t);
    }

    private static void writeList(JsonGenerator g, List<String> list) throws IOException {
        g.writeStartArray();
        for (String s : list) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    @SuppressWarnings("unchecked")
    static List<String> listOf(Object v) {
        return (List<String>) v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private static Map<String, Column> byName() {
        Map<String, Column> m = new HashMap<>();
        for (Column c : COLUMNS) {
            m.put(c.columnName(), c);
        }
        return m;
    }

    /** Reads consecutive JSON objects from a stream; each starts on its own line. */
    private static final class JsonlCursor implements RowCursor {
        private final Path file;
        private final InputStream in;
        private final JsonParser parser;

        JsonlCursor(Path file, InputStream in) throws IOException {
            this.file = file;
            this.in = in;
            this.parser = FACTORY.createParser(in);
        }

        @Override
        public StoredRow next() throws IOException {
            JsonToken t;
            try {
                t = parser.nextToken();
            } catch (JsonProcessingException e) {
                throw new RecordFormatException(file + ": not valid JSON: " + e.getMessage(), e);
            }
            if (t == null) {
                return null;
            }
            String where = file + " line " + parser.currentLocation().getLineNr();
            if (t != JsonToken.START_OBJECT) {
                throw new RecordFormatException(where + ": a record must be a JSON object, found " + t);
            }
            try {
                return readObject(parser, where);
            } catch (JsonProcessingException e) {
                throw new RecordFormatException(where + ": not valid JSON: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                parser.close();
            } finally {
                in.close();
            }
        }
    }
}
