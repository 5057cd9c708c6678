package md.personas.operations;

import java.nio.file.Path;
import java.time.Duration;
import md.personas.scaleout.ClusterRun;
import md.personas.run.CommandLine;
import md.personas.run.ExitCode;
import md.personas.run.RunFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import md.personas.scaleout.RunScope;

/**
 * How a run that is part of a larger one ends in place of the release: a shard leaves it to {@code release DIR};
 * a cluster node leaves it to the node the coordinator named, or, named itself, gives up its slot, waits for the
 * other nodes to exit and writes it.
 */
public final class PartialRunEnd {

    private static final Logger LOG = LoggerFactory.getLogger(PartialRunEnd.class);

    private PartialRunEnd() {
    }

    public static void end(RunScope scope, boolean clusterReleases, Path dir, CommandLine line) throws Exception {
        if (scope.sharded()) {
            LOG.info("{} is complete; `release {}` writes the release once every shard is", scope.describe(), dir);
            return;
        }
        if (!clusterReleases) {
            LOG.info("{} is done; another node writes the release", scope.describe());
            return;
        }
        scope.unlock(); // the release needs the directory to itself
        ClusterRun.awaitDirectoryAlone(dir, Duration.ofMinutes(5));
        ExitCode code = ReleaseCommand.releaseCluster(dir, line);
        if (code != ExitCode.SUCCESS) {
            throw new RunFailure(code, "the release was not completed; run `release " + dir + "`");
        }
    }
}
