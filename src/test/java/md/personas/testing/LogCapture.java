package md.personas.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Collects what one logger (and those below it) logs during a test, to check what is and is not logged. The
 * services log from their own threads while the test reads, so the events go into a concurrent queue: logback's
 * ListAppender keeps a plain ArrayList, and a test reading it mid-append failed with ConcurrentModificationException.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final LoggerLevel level;
    private final ConcurrentLinkedQueue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }
    };

    /** Captures {@code loggerName} at its configured level. */
    public LogCapture(String loggerName) {
        this(loggerName, null);
    }

    /** Captures {@code loggerName} at {@code level} (null keeps the configured one); close restores the level. */
    public LogCapture(String loggerName, Level level) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        this.level = LoggerLevel.set(loggerName, level == null ? logger.getLevel() : level);
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    /** The formatted messages so far, in order. */
    public List<String> messages() {
        return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Every message and every logged stack trace so far: all the text a reader of the log could see. */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (ILoggingEvent event : events) {
            texts.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                texts.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        return texts;
    }

    public boolean contains(String text) {
        return events.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
    }

    public int size() {
        return events.size();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        level.close();
    }
}
