package dev.vireo.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.Logger;

/**
 * Vireo's log, configured in code (by {@link LogProvider}; where Logback's own provider runs, as
 * in tests, Logback finds this class through {@code META-INF/services}): a
 * rolling file in the XDG state directory, {@code vireo.log} up to 10 MB, then the five before
 * it compressed ({@code vireo.1.log.gz} newest), 60 MB at most. Nothing on the console unless
 * {@code --debug} (see {@link Logging}). Configuring in code instead of an XML file saves
 * Logback's XML machinery about a fifth of a second at every start; a fixed window of files
 * instead of one per day and {@link LogLine} instead of a pattern save ~80 ms more (Logback's
 * date-based rolling and pattern parser), on the way to the first connection.
 */
public final class LogbackSetup extends ContextAwareBase implements Configurator {

    static final String FILE = "vireo.log";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String dir = System.getProperty(Logging.DIR_PROPERTY,
                System.getProperty("user.home") + "/.local/state/vireo");

        LayoutWrappingEncoder<ILoggingEvent> encoder = encoder(context, false);

        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(dir + "/" + FILE);
        file.setEncoder(encoder);

        FixedWindowRollingPolicy policy = new FixedWindowRollingPolicy();
        policy.setContext(context);
        policy.setParent(file);
        policy.setFileNamePattern(dir + "/vireo.%i.log.gz");
        policy.setMinIndex(1);
        policy.setMaxIndex(5);
        policy.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();
        file.setRollingPolicy(policy);
        file.setTriggeringPolicy(trigger);
        file.start();

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty(Logging.LEVEL_PROPERTY, "INFO"), Level.INFO));
        root.addAppender(file);
        context.getLogger("org.testfx").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Log lines as {@link LogLine} writes them, the time of day only when {@code shortTime}. */
    static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, boolean shortTime) {
        LogLine layout = new LogLine(shortTime);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }
}
