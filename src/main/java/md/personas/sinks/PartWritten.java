package md.personas.sinks;

import java.nio.file.Path;

/**
 * One part file finished: renamed to its final name after its bytes and the directory were fsynced.
 *
 * @param firstIndex the smallest {@code index} in the part (rows are sorted by index)
 * @param lastIndex the largest
 */
public record PartWritten(PartFormat format, int number, Path file, int records, long firstIndex, long lastIndex) {
}
