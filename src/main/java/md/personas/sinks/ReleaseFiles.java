package md.personas.sinks;

import java.nio.file.Path;

/**
 * The data files of a release, written sorted by index from the finished parts.
 *
 * @param rows how many records the files hold
 * @param firstIndex the first index, or -1 for an empty release
 * @param lastIndex the last index, or -1 for an empty release
 */
public record ReleaseFiles(Path jsonl, Path parquet, Path csv, long rows, long firstIndex, long lastIndex) {

    /** The file name stem of a release: {@code moldova_personas_<label>}. */
    public static String stem(String label) {
        return "moldova_personas_" + label;
    }

    /** True when the indices are exactly 0..rows-1: sorted, no duplicates (always checked) and no gaps. */
    public boolean contiguousFromZero() {
        return rows == 0 || (firstIndex == 0 && lastIndex == rows - 1);
    }
}
