package md.personas.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Optional;
import md.personas.monitoring.MonitorSettings;
import md.personas.narratives.NarrativeMode;
import md.personas.narratives.offline.OfflineWriterDigest;
import md.personas.rebalancing.RebalancerSettings;
import org.junit.jupiter.api.Test;

/** What makes two runs the same run: the offline writer's texts are part of it, so a resume cannot mix versions. */
class SettingsIdentityTest {

    private static Settings settings(NarrativeMode mode) {
        return new Settings(1000, 7, Path.of("out"), 100, mode, 2, RebalancerSettings.defaults(),
                MonitorSettings.defaults(), Optional.empty(),
                Optional.empty(), ConfigFactory.load());
    }

    @Test
    void anOfflineRunIsIdentifiedByTheWritersTexts() {
        String offline = settings(NarrativeMode.OFFLINE).identity();
        assertTrue(offline.contains(OfflineWriterDigest.sha256()), offline);
        assertEquals(64, OfflineWriterDigest.sha256().length());
        assertFalse(settings(NarrativeMode.NONE).identity().contains("offline-writer"),
                "a structured run does not depend on the writer");
        assertNotEquals(offline, settings(NarrativeMode.NONE).identity());
    }
}
