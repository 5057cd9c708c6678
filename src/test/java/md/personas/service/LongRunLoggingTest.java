package md.personas.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ops/logback-long-run.xml loads without errors and writes INFO lines of md.personas to a rolling file. */
class LongRunLoggingTest {

    @Test
    void theLongRunConfigurationWritesARollingFile(@TempDir Path logs) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // a standalone context has none of its own
        context.putProperty("PERSONAS_LOG_DIR", logs.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("ops/logback-long-run.xml").toFile());
        RollingFileAppender<?> file = (RollingFileAppender<?>) context.getLogger("ROOT").getAppender("FILE");
        assertInstanceOf(SizeAndTimeBasedRollingPolicy.class, file.getRollingPolicy());
        context.getLogger("md.personas.operations.GenerateCommand").info("released 100000 rows");
        context.getLogger("md.personas.operations.GenerateCommand").debug("not at INFO");
        context.getLogger("org.apache.parquet.hadoop.Noise").info("parquet chatter");
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            assertTrue(s.getLevel() < Status.ERROR, "no configuration or logging error: " + s);
        }
        context.stop();
        String written = Files.readString(logs.resolve("moldova-personas.log"));
        assertTrue(written.contains("released 100000 rows"), written);
        assertFalse(written.contains("not at INFO"), written);
        assertFalse(written.contains("parquet chatter"), written);
    }
}
