package dev.vireo.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** LogLine writes what Logback's pattern layout wrote before it, stack traces included. */
class LogLineTest {

    private final LoggerContext context = new LoggerContext();

    private String pattern(String pattern, LoggingEvent e) {
        PatternLayout p = new PatternLayout();
        p.setContext(context);
        p.setPattern(pattern);
        p.start();
        return p.doLayout(e);
    }

    private String line(boolean shortTime, LoggingEvent e) {
        LogLine l = new LogLine(shortTime);
        l.setContext(context);
        l.start();
        return l.doLayout(e);
    }

    private LoggingEvent event(String logger, Level level, String message, Throwable t, Object... args) {
        LoggingEvent e = new LoggingEvent(LogLineTest.class.getName(), context.getLogger(logger), level, message, t, args);
        e.setThreadName("libvirt Test host (h.xml)");
        return e;
    }

    @Test
    void sameAsThePatternItReplaces() {
        String full = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
        for (LoggingEvent e : new LoggingEvent[] {
            event("dev.vireo.app.vmlist.VmListModel", Level.INFO, "{}: {} VMs listed", null, "Test host “ünï”", 1000),
            event("dev.vireo.bridge.HostConnection", Level.DEBUG, "opened {} in {} ms", null, "test:///x.xml", 12),
            event("x", Level.WARN, "short logger name", null),
            event("dev.vireo.app.console.ConsoleController", Level.ERROR, "failed", new IOException("gone", new IllegalStateException("inner"))),
        }) {
            assertThat(line(false, e)).isEqualTo(pattern(full, e));
            assertThat(line(true, e)).isEqualTo(pattern(full.replace("yyyy-MM-dd ", ""), e));
        }
    }
}
