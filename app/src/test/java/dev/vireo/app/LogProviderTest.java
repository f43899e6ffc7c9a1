package dev.vireo.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The provider Vireo names to SLF4J configures Logback as Logback's own provider would through
 * {@link LogbackSetup}: the log file in the directory given, at the level given.
 */
class LogProviderTest {

    @TempDir
    Path dir;

    private LoggerContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        System.clearProperty(Logging.DIR_PROPERTY);
        System.clearProperty(Logging.LEVEL_PROPERTY);
    }

    private Logger logger(String level) {
        System.setProperty(Logging.DIR_PROPERTY, dir.toString());
        System.setProperty(Logging.LEVEL_PROPERTY, level);
        LogProvider provider = new LogProvider();
        provider.initialize();
        context = (LoggerContext) provider.getLoggerFactory();
        assertThat(provider.getMDCAdapter()).isNotNull();
        assertThat(provider.getMarkerFactory().getMarker("m")).isNotNull();
        return context.getLogger("dev.vireo.test");
    }

    @Test
    void writesTheLogFileAtTheLevelGiven() throws IOException {
        Logger log = logger("INFO");
        log.info("opened {} in {} ms", "test:///h.xml", 12);
        log.debug("not at INFO");

        String text = Files.readString(dir.resolve(LogbackSetup.FILE));
        assertThat(text).contains(" INFO  [" + Thread.currentThread().getName() + "] dev.vireo.test - opened test:///h.xml in 12 ms");
        assertThat(text).doesNotContain("not at INFO");
    }

    @Test
    void debugWhenAsked() throws IOException {
        Logger log = logger("DEBUG");
        log.debug("listed {} domains", 1000);

        assertThat(Files.readString(dir.resolve(LogbackSetup.FILE))).contains("DEBUG").contains("listed 1000 domains");
    }
}
