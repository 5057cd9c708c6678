package md.personas.sinks;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a file's rows ahead on a thread of its own, handing them over in small batches through a bounded queue, so
 * that decoding one file overlaps decoding the others: the release check reads JSONL, Parquet and CSV in lockstep,
 * and on one thread it spent the sum of the three decoders' times instead of about the longest. The rows come out
 * in file order, exactly as the reader gives them; a reader's failure is thrown by {@link #next()} as it was thrown.
 * Memory is bounded by {@value #BATCHES} batches of {@value #BATCH} rows, whatever N is.
 *
 * @param <T> a row as the file's reader gives it
 */
final class ReadAhead<T> implements Closeable {

    /** One file's rows: the next row, or null at the end. */
    interface Reader<T> {
        T next() throws IOException;
    }

    private static final int BATCH = 128;
    private static final int BATCHES = 4;
    private static final Object END = new Object();

    private final Closeable file;
    private final Reader<T> reader;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private volatile boolean closed;
    private List<T> batch = List.of();
    private int position;
    private boolean ended;

    /** Starts reading {@code reader} on a daemon thread named {@code name}; {@link #close()} closes {@code file}. */
    private ReadAhead(String name, Closeable file, Reader<T> reader) {
        this.file = file;
        this.reader = reader;
        this.thread = new Thread(this::readAll, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads {@code cursor} ahead; closing closes it. */
    static ReadAhead<StoredRow> of(String name, RowCursor cursor) {
        return new ReadAhead<>(name, cursor, cursor::next);
    }

    /** Reads {@code rows} ahead; closing closes them. */
    static ReadAhead<String[]> of(String name, RecordCsv.TextRows rows) {
        return new ReadAhead<>(name, rows, rows::next);
    }

    /** The next row, or null once every row has been read. */
    @SuppressWarnings("unchecked")
    T next() throws IOException {
        while (position == batch.size()) {
            if (ended) {
                return null;
            }
            Object item = take();
            if (item == END) {
                ended = true;
                return null;
            }
            if (item instanceof IOException e) {
                ended = true;
                throw e;
            }
            if (item instanceof RuntimeException e) {
                ended = true;
                throw e;
            }
            if (item instanceof Error e) {
                ended = true;
                throw e;
            }
            batch = (List<T>) item;
            position = 0;
        }
        return batch.get(position++);
    }

    /** Stops the reading thread (it may be ahead of the caller) and closes the file. */
    @Override
    public void close() throws IOException {
        closed = true;
        queue.clear(); // a thread waiting to hand over a batch sees the room, then the flag
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing a reader", e);
        } finally {
            file.close();
        }
    }

    private Object take() throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading", e);
        }
    }

    private void readAll() {
        List<T> rows = new ArrayList<>(BATCH);
        try {
            for (T row = reader.next(); row != null && !closed; row = reader.next()) {
                rows.add(row);
                if (rows.size() == BATCH) {
                    handOver(rows);
                    rows = new ArrayList<>(BATCH);
                }
            }
            if (!rows.isEmpty()) {
                handOver(rows);
            }
            handOver(END);
        } catch (IOException | RuntimeException | Error e) {
            if (!rows.isEmpty()) {
                handOver(rows); // the rows read before the failure come first, as from the reader itself
            }
            handOver(e);
        }
    }

    /** Puts an item on the queue, waiting for room unless the reader was closed meanwhile. */
    private void handOver(Object item) {
        boolean interrupted = false;
        while (!closed) {
            try {
                if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // the caller waits for this item: deliver it, then keep the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
