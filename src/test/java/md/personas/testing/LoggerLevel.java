package md.personas.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets one logger's level for a test and puts back exactly what was there on close. Tests share a JVM in an order
 * that differs by machine, so a level left behind (or reset to null, which inherits the root's WARN instead of the
 * INFO logback.xml configures) silences the log lines later tests wait for.
 */
public final class LoggerLevel implements AutoCloseable {

    private final Logger logger;
    private final Level before;

    private LoggerLevel(Logger logger, Level level) {
        this.logger = logger;
        this.before = logger.getLevel();
        logger.setLevel(level);
    }

    public static LoggerLevel set(String loggerName, Level level) {
        return new LoggerLevel((Logger) LoggerFactory.getLogger(loggerName), level);
    }

    @Override
    public void close() {
        logger.setLevel(before);
    }
}
