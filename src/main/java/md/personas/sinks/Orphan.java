package md.personas.sinks;

import java.nio.file.Path;

/**
 * A file in {@code parts/} that is not part of a finished pair: a temporary file of a part that was being written,
 * or one finished file whose partner is missing (the run stopped between the two sinks' renames). Its records are
 * not done; they are written again by a resumed run under a new part number.
 */
public record Orphan(Path file, int partNumber, Reason reason) {

    public enum Reason {
        /** A {@code .tmp} file: a part that was never finished. */
        UNFINISHED,
        /** A finished JSONL file whose Parquet partner is missing, or the other way round. */
        MISSING_PARTNER
    }

    @Override
    public String toString() {
        return file + " (" + switch (reason) {
            case UNFINISHED -> "unfinished part";
            case MISSING_PARTNER -> "finished, but the other format of part " + partNumber + " is missing";
        } + ")";
    }
}
