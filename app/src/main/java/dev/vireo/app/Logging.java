package dev.vireo.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback before the first logger is created: {@link LogbackSetup} reads the log
 * directory and level from the system properties set here.
 */
public final class Logging {

    static final String DIR_PROPERTY = "vireo.log.dir";
    static final String LEVEL_PROPERTY = "vireo.log.level";

    private Logging() {
    }

    /** The log file, once {@link #configure} has run; else null. */
    public static String file() {
        String dir = System.getProperty(DIR_PROPERTY);
        return dir == null ? null : dir + "/" + LogbackSetup.FILE;
    }

    public static void configure(XdgDirs dirs, boolean debug) {
        // SLF4J finds its provider through a ServiceLoader otherwise, opening every jar on the
        // class path at start-up to look (~10 ms); then it would say so on stderr
        System.setProperty("slf4j.provider", LogProvider.class.getName());
        System.setProperty("slf4j.internal.verbosity", "WARN");
        System.setProperty(DIR_PROPERTY, dirs.state().toString());
        System.setProperty(LEVEL_PROPERTY, debug ? "DEBUG" : "INFO");
        if (debug) {
            // --debug also mirrors the log on stderr.
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.setLevel(Level.DEBUG);
            var console = new ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
            console.setContext(context);
            console.setTarget("System.err");
            console.setEncoder(LogbackSetup.encoder(context, true));
            console.start();
            root.addAppender(console);
        }
    }
}
