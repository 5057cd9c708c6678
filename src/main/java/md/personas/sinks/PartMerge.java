package md.personas.sinks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A k-way merge of parts, each sorted by index, into one cursor sorted by index. A part is opened only when the
 * merge reaches its first index, and closed as soon as it is read to the end, so only the parts that overlap at
 * the frontier are open at once (with a mapAsyncUnordered stream, two or three): memory does not grow with N.
 *
 * <p>It also checks what the parts promise: every part sorted, and no index in two parts. A failed check throws
 * {@link RecordFormatException} naming the parts, rather than writing a release with duplicates.
 */
final class PartMerge implements RowCursor {

    /** How to open one part, and the first index it holds (read cheaply beforehand). */
    interface Input {
        String name();

        long firstIndex();

        RowCursor open() throws IOException;
    }

    private final List<Input> pending;
    private final PriorityQueue<Head> open = new PriorityQueue<>(Comparator.comparingLong((Head h) -> h.index));
    private int nextPending;
    private long lastIndex = Long.MIN_VALUE;
    private String lastPart;
    private int maxOpen;

    PartMerge(List<? extends Input> inputs) {
        this.pending = new ArrayList<>(inputs);
        this.pending.sort(Comparator.comparingLong(Input::firstIndex));
    }

    @Override
    public StoredRow next() throws IOException {
        while (nextPending < pending.size()
                && (open.isEmpty() || pending.get(nextPending).firstIndex() <= open.peek().index)) {
            openPart(pending.get(nextPending++));
        }
        Head head = open.poll();
        if (head == null) {
            return null;
        }
        StoredRow row = head.row;
        if (head.index == lastIndex) {
            head.cursor.close();
            throw new RecordFormatException("index " + lastIndex + " is in both " + lastPart + " and " + head.input.name());
        }
        lastIndex = head.index;
        lastPart = head.input.name();
        advance(head);
        return row;
    }

    /** The most parts that were open at once: the merge's memory, for tests. */
    int maxOpen() {
        return maxOpen;
    }

    private void openPart(Input input) throws IOException {
        RowCursor cursor = input.open();
        Head head = new Head(input, cursor);
        StoredRow first = cursor.next();
        if (first == null) {
            cursor.close();
            return;
        }
        if (first.index() != input.firstIndex()) {
            cursor.close();
            throw new RecordFormatException(input.name() + " starts at index " + first.index() + ", not "
                    + input.firstIndex() + " as read before: the part changed during the merge");
        }
        head.set(first);
        open.add(head);
        maxOpen = Math.max(maxOpen, open.size());
    }

    private void advance(Head head) throws IOException {
        StoredRow next = head.cursor.next();
        if (next == null) {
            head.cursor.close();
            return;
        }
        if (next.index() <= head.index) {
            head.cursor.close();
            throw new RecordFormatException(head.input.name() + " is not sorted by index: " + next.index()
                    + " follows " + head.index);
        }
        head.set(next);
        open.add(head);
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Head h : open) {
            try {
                h.cursor.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        open.clear();
        nextPending = pending.size();
        if (failure != null) {
            throw failure;
        }
    }

    private static final class Head {
        final Input input;
        final RowCursor cursor;
        StoredRow row;
        long index;

        Head(Input input, RowCursor cursor) {
            this.input = input;
            this.cursor = cursor;
        }

        void set(StoredRow r) {
            row = r;
            index = r.index();
        }
    }
}
