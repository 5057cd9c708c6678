package md.personas.operations;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import md.personas.run.CommandLine;
import md.personas.run.ExitCode;
import md.personas.run.RunFailure;
import md.personas.scaleout.ClusterRun;
import md.personas.scaleout.RunScope;
import md.personas.sinks.PartDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a run that is part of a larger one ends in place of the release. A shard leaves it to {@code release DIR},
 * and says so in one line once every part of the run is in the directory. A cluster node has written the release
 * or seen it complete while still a member ({@link #clusterEnding}); a node that found nothing to narrate (every
 * part was there when it started: the last survivor, restarted) writes it now if it is not complete.
 */
public final class PartialRunEnd {

    private static final Logger LOG = LoggerFactory.getLogger(PartialRunEnd.class);

    private PartialRunEnd() {
    }

    public static void end(RunScope scope, Path dir, long count, CommandLine line) throws Exception {
        if (scope.sharded()) {
            if (PartDirectory.in(dir).writtenIndices().cardinality() < count) {
                LOG.info("{} is complete; `release {}` writes the release once every shard is", scope.describe(),
                        dir);
            } else if (!ReleasePhase.released(dir)) {
                LOG.info("all {} shards' parts are present in {}; run `ops/moldova-personas release {}` to write "
                        + "the release", scope.shard().get().count(), dir, dir);
            }
            return;
        }
        if (ReleasePhase.released(dir)) {
            LOG.info("the release of {} is complete", dir);
            return;
        }
        scope.unlock(); // the release needs the directory to itself
        release(dir, line);
    }

    /**
     * A cluster node's end once every range is done: stand by with its manifest up to date and its slot given up,
     * and write the release when the coordinator says so.
     */
    static ClusterRun.Ending clusterEnding(RunScope scope, Path dir, CommandLine line, RunRecorder recorder) {
        return new ClusterRun.Ending() {
            @Override
            public boolean released() throws IOException {
                return ReleasePhase.released(dir);
            }

            @Override
            public void standBy() throws IOException {
                recorder.update(m -> m.withPhaseEnded("generate", Instant.now())); // before the release merges it
                recorder.write();
                scope.unlock();
            }

            @Override
            public void release() throws Exception {
                PartialRunEnd.release(dir, line);
            }
        };
    }

    private static void release(Path dir, CommandLine line) throws Exception {
        ClusterRun.awaitDirectoryAlone(dir, Duration.ofMinutes(5));
        ExitCode code = ReleaseCommand.releaseCluster(dir, line);
        if (code != ExitCode.SUCCESS) {
            throw new RunFailure(code, "the release was not completed; run `release " + dir + "`");
        }
    }
}
