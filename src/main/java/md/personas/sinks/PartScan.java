package md.personas.sinks;

import java.util.List;

/**
 * What a look at {@code parts/} found: the finished pairs in part order, and the orphans. Files whose names are not
 * part names are left out and never touched.
 */
public record PartScan(List<FinishedPart> finished, List<Orphan> orphans) {

    public PartScan {
        finished = List.copyOf(finished);
        orphans = List.copyOf(orphans);
    }

    /** The number after every part number in use, finished or orphaned, so a new part never meets an old file. */
    public int nextPartNumber() {
        int next = 0;
        for (FinishedPart p : finished) {
            next = Math.max(next, p.number() + 1);
        }
        for (Orphan o : orphans) {
            next = Math.max(next, o.partNumber() + 1);
        }
        return next;
    }
}
