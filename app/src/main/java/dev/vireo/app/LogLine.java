package dev.vireo.app;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One log line, as the pattern {@code %d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread]
 * %logger{36} - %msg%n} would write it (the stack trace after it), with the time as {@code
 * HH:mm:ss.SSS} only when {@code shortTime}. Written out instead of given to Logback as a
 * pattern: parsing a pattern costs ~50 ms at every start, on the path to the first connection.
 */
final class LogLine extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final DateTimeFormatter time;
    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(36);
    private final ZoneId zone = ZoneId.systemDefault();

    LogLine(boolean shortTime) {
        time = shortTime ? SHORT : FULL;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder b = new StringBuilder(128);
        time.formatTo(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone), b);
        b.append(' ');
        String level = event.getLevel().toString();
        b.append(level);
        for (int i = level.length(); i < 5; i++) {
            b.append(' ');
        }
        b.append(" [").append(event.getThreadName()).append("] ");
        b.append(abbreviator.abbreviate(event.getLoggerName()));
        b.append(" - ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            b.append(ThrowableProxyUtil.asString(thrown)); // ends with a line separator
        }
        return b.toString();
    }
}
