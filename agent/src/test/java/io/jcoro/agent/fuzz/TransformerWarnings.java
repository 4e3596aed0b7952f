package io.jcoro.agent.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the warnings the transformer logs (a method it refused, a class it could not transform)
 * while open. Generated programs are valid suspendable code, so any such warning is a finding even
 * when no suspension happened to pass through the method. The transformer logs through
 * {@code System.getLogger("io.jcoro.agent")}, which the JDK backs with java.util.logging.
 */
final class TransformerWarnings implements AutoCloseable {
    private static final int KEPT = 20;

    private final Logger logger = Logger.getLogger("io.jcoro.agent");
    private final List<String> warnings = new ArrayList<>();
    private int count;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (warnings) {
                    if (++count <= KEPT) {
                        warnings.add(record.getMessage());
                    }
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    TransformerWarnings() {
        logger.addHandler(handler);
    }

    /** How many warnings were logged. */
    int count() {
        synchronized (warnings) {
            return count;
        }
    }

    /** The first warnings logged. */
    List<String> first() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
