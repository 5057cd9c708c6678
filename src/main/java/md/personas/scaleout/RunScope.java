package md.personas.scaleout;

import java.io.IOException;
import java.util.BitSet;
import java.util.Optional;
import md.personas.operations.CommandLine;
import md.personas.narratives.throttle.ThrottleSettings;
import md.personas.operations.RunManifest;
import md.personas.service.ThrottleControl;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.PartSettings;

/**
 * What part of a run this process does: the whole run (it locks the directory, writes {@code run.json} and the
 * release) or one shard of it ({@code --shard K/N}: it holds its own lock beside the other shards', writes its own
 * manifest, narrates only its checkpoint ranges, numbers its parts K, K+N, ... and leaves the release to
 * {@code release DIR}).
 */
public record RunScope(Optional<ShardSpec> shard) {

    /** The whole run, as without {@code --shard}. */
    public static final RunScope WHOLE = new RunScope(Optional.empty());

    /** The scope the command line asks for. */
    public static RunScope of(CommandLine line) {
        return line.has("--shard") ? new RunScope(Optional.of(ShardSpec.parse(line.flag("--shard")))) : WHOLE;
    }

    public boolean sharded() {
        return shard.isPresent();
    }

    /** The manifest file this process writes. */
    public String manifestFile() {
        return shard.map(ShardSpec::manifestFileName).orElse(RunManifest.FILE_NAME);
    }

    /** Whether part number {@code number} is this process's to audit, clean up and quarantine. */
    public boolean ownsPart(int number) {
        return shard.map(s -> s.ownsPart(number)).orElse(true);
    }

    /** The indices this process must not narrate because they belong to another shard. */
    public BitSet othersIndices(long count, int checkpointEvery) {
        return shard.map(s -> s.othersIndices(count, checkpointEvery)).orElseGet(BitSet::new);
    }

    /** How this process numbers its parts: after every part in use, in its own residue class for a shard. */
    public PartSettings partSettings(int checkpointEvery, PartDirectory parts) throws IOException {
        int next = parts.nextPartNumber();
        if (shard.isEmpty()) {
            return PartSettings.of(checkpointEvery).withFirstPartNumber(next);
        }
        ShardSpec s = shard.get();
        return PartSettings.of(checkpointEvery).withFirstPartNumber(s.firstPartNumberFrom(next))
                .withPartStride(s.count());
    }

    /** Whether this process writes the release at the end (a shard does not: {@code release DIR} does). */
    public boolean releasesAtEnd() {
        return shard.isEmpty();
    }

    /**
     * The throttle of this process: a shard of N narrates at 1/N of the configured (whole-run) rates; the whole
     * run, or a run without rate limits to share (offline), at the configured ones.
     */
    public ThrottleControl shareRates(ThrottleControl process, Optional<ThrottleSettings> configured) {
        if (shard.isEmpty() || configured.isEmpty()) {
            return process;
        }
        return new RateShare(process, configured.get().requestsPerMinute(), configured.get().tokensPerMinute(),
                shard.get().count());
    }

    /** "shard 1/3" or "this run", for messages. */
    public String describe() {
        return shard.map(s -> "shard " + s.label()).orElse("this run");
    }
}
