package md.personas.sinks;

/**
 * How the part sinks cut the stream.
 *
 * @param checkpointEvery records per part (config {@code personas.checkpoint-every}, default 1,000); also the
 *                        most records a sink holds in memory
 * @param firstPartNumber the number of the first part written: 0 for a fresh run, and
 *                        {@link PartDirectory#nextPartNumber()} for a resumed one
 * @param partStride      the step between the numbers of successive parts: 1, or N for one shard of N, whose
 *                        parts are numbered K, K+N, K+2N... so that shards sharing one {@code parts/} never meet
 */
public record PartSettings(int checkpointEvery, int firstPartNumber, int partStride) {

    public static final int DEFAULT_CHECKPOINT_EVERY = 1000;

    public PartSettings {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint-every must be at least 1, got " + checkpointEvery);
        }
        if (firstPartNumber < 0) {
            throw new IllegalArgumentException("the first part number must not be negative, got " + firstPartNumber);
        }
        if (partStride < 1) {
            throw new IllegalArgumentException("the part stride must be at least 1, got " + partStride);
        }
    }

    public PartSettings(int checkpointEvery, int firstPartNumber) {
        this(checkpointEvery, firstPartNumber, 1);
    }

    /** Parts of {@code checkpointEvery} records, numbered from 0. */
    public static PartSettings of(int checkpointEvery) {
        return new PartSettings(checkpointEvery, 0);
    }

    public PartSettings withFirstPartNumber(int number) {
        return new PartSettings(checkpointEvery, number, partStride);
    }

    public PartSettings withPartStride(int stride) {
        return new PartSettings(checkpointEvery, firstPartNumber, stride);
    }
}
