package md.personas.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import md.personas.run.CommandLine;
import md.personas.run.ExitCode;
import md.personas.run.RunFailure;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    static Optional<ClusterSettings> parse(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "generate";
        System.arraycopy(args, 0, all, 1, args.length);
        return ClusterSettings.of(CommandLine.parse(all));
    }

    @Test
    void readsPortSeedsAndHostAndLaysThemOverTheConfigurationWithTheSplitBrainResolver() {
        ClusterSettings s = parse("--cluster-port", "2552", "--cluster-seed", "10.0.0.1:2551, 10.0.0.2:2551",
                "--cluster-host", "10.0.0.3").orElseThrow();
        assertEquals(new ClusterSettings(2552, Optional.of("10.0.0.3"), List.of("10.0.0.1:2551", "10.0.0.2:2551")), s);
        Config c = s.overlay(ConfigFactory.parseString("personas.count = 5").withFallback(ConfigFactory.load()));
        assertEquals("cluster", c.getString("pekko.actor.provider"));
        assertEquals(2552, c.getInt("pekko.remote.artery.canonical.port"));
        assertEquals("10.0.0.3", c.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(List.of("pekko://moldova-personas@10.0.0.1:2551", "pekko://moldova-personas@10.0.0.2:2551"),
                c.getStringList("pekko.cluster.seed-nodes"));
        assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
                c.getString("pekko.cluster.downing-provider-class"));
        assertEquals("keep-majority", c.getString("pekko.cluster.split-brain-resolver.active-strategy"));
        assertEquals(5, c.getInt("personas.count"));
        assertTrue(parse("--count", "5").isEmpty());
    }

    @Test
    void refusesIncompleteOrMalformedFlagsWithExitTwo() {
        for (String[] bad : List.of(new String[] {"--cluster-port", "2552"},
                new String[] {"--cluster-seed", "h:1"},
                new String[] {"--cluster-port", "0", "--cluster-seed", "h:1"},
                new String[] {"--cluster-port", "x", "--cluster-seed", "h:1"},
                new String[] {"--cluster-port", "2552", "--cluster-seed", "h"},
                new String[] {"--cluster-port", "2552", "--cluster-seed", "h:70000"},
                new String[] {"--cluster-port", "2552", "--cluster-seed", "h:1", "--shard", "0/2"})) {
            RunFailure f = assertThrows(RunFailure.class, () -> parse(bad), String.join(" ", bad));
            assertEquals(ExitCode.USAGE, f.exitCode());
        }
    }
}
