package io.jevent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what jevent logs through {@code System.getLogger("io.jevent")}, whose default backend is
 * java.util.logging, for the duration of a try-with-resources block; the records do not reach the
 * console meanwhile.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    /** Held strongly: java.util.logging keeps loggers only weakly, and with them this handler. */
    private final Logger logger = Logger.getLogger("io.jevent");
    private final Level previousLevel = logger.getLevel();
    private final boolean previousUseParent = logger.getUseParentHandlers();
    public final List<LogRecord> records = new CopyOnWriteArrayList<>();

    /** Captures records of {@code level} and above. */
    public LogCapture(Level level) {
        setLevel(level);
        logger.setLevel(level);
        logger.setUseParentHandlers(false);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            records.add(record);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
        logger.setUseParentHandlers(previousUseParent);
    }
}
