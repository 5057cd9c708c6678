package md.personas.scaleout;

import java.util.BitSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import md.personas.run.RunFailure;

/**
 * Shard K of N ({@code --shard K/N}, K counted from 0, as Kubernetes' {@code JOB_COMPLETION_INDEX} and a Slurm array
 * {@code --array=0-(N-1)} count). The fixed rule: the personas are cut into checkpoint ranges of
 * {@code checkpoint-every} consecutive indices (range r holds indices {@code r*C .. r*C+C-1}), and range r belongs
 * to shard {@code r mod N}. Round-robin rather than contiguous blocks, so that each shard gets an equal share of
 * the work however the per-persona cost drifts along the index. Shard K numbers its parts K, K+N, K+2N..., so
 * shards writing into one {@code parts/} folder never choose the same file name.
 */
public record ShardSpec(int index, int count) {

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,6})\\s*/\\s*(\\d{1,6})\\s*");

    public ShardSpec {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count);
        }
    }

    /** Parses "K/N"; anything else is a usage error (exit 2) that says the form. */
    public static ShardSpec parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw RunFailure.usage("--shard needs K/N (this shard's number from 0 and the number of shards, e.g. "
                    + "--shard 0/3), not '" + text + "'");
        }
        int k = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1 || k >= n) {
            throw RunFailure.usage("--shard " + text.strip() + ": K counts from 0 and must be below N (shards 0/" + n
                    + " to " + (Math.max(n, 1) - 1) + "/" + n + ")");
        }
        return new ShardSpec(k, n);
    }

    /** Whether checkpoint range {@code range} is this shard's. */
    public boolean ownsRange(long range) {
        return range % count == index;
    }

    /** Whether persona {@code personaIndex} is this shard's, with ranges of {@code checkpointEvery}. */
    public boolean ownsIndex(long personaIndex, int checkpointEvery) {
        return ownsRange(personaIndex / checkpointEvery);
    }

    /** Whether part number {@code partNumber} is one this shard writes. */
    public boolean ownsPart(int partNumber) {
        return partNumber % count == index;
    }

    /** The shard that owns persona {@code personaIndex}. */
    public static int shardOf(long personaIndex, int checkpointEvery, int shards) {
        return (int) ((personaIndex / checkpointEvery) % shards);
    }

    /** The first part number this shard may use after {@code nextFree} (every number below it is taken). */
    public int firstPartNumberFrom(int nextFree) {
        return nextFree + Math.floorMod(index - nextFree, count);
    }

    /** The indices of {@code 0..total-1} that are NOT this shard's: to a shard's pipeline they are as good as done. */
    public BitSet othersIndices(long total, int checkpointEvery) {
        BitSet others = new BitSet();
        for (long start = 0; start < total; start += checkpointEvery) {
            if (!ownsRange(start / checkpointEvery)) {
                others.set(Math.toIntExact(start), Math.toIntExact(Math.min(total, start + checkpointEvery)));
            }
        }
        return others;
    }

    /** "2/3". */
    public String label() {
        return index + "/" + count;
    }

    /** The lock file only this shard holds: {@code .moldova-personas.shard-2-of-3.lock}. */
    public String lockFileName() {
        return ".moldova-personas.shard-" + index + "-of-" + count + ".lock";
    }

    /** The shard's own manifest beside the others: {@code run.shard-2-of-3.json}. */
    public String manifestFileName() {
        return "run.shard-" + index + "-of-" + count + ".json";
    }

    /** The shard named by a manifest file name, or null if the name is not a shard manifest's. */
    public static ShardSpec fromManifestName(String fileName) {
        Matcher m = Pattern.compile("run\\.shard-(\\d{1,6})-of-(\\d{1,6})\\.json").matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        int k = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        return n >= 1 && k < n ? new ShardSpec(k, n) : null;
    }
}
