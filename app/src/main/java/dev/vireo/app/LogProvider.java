package dev.vireo.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.util.StatusPrinter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J's provider for Vireo: Logback's context, configured by {@link LogbackSetup} directly.
 * Logback's own provider first searches every jar on the class path for configurators and asks
 * the security policy whether it may use class loaders (~15 ms of the start-up thread, before the
 * first connection opens); there is only one configuration here to find. Named to SLF4J by
 * {@link Logging#configure}; tests and tools that do not call it get Logback's own provider, which
 * finds {@link LogbackSetup} through {@code META-INF/services}
 * (docs/decisions/0017-own-slf4j-provider.md).
 */
public final class LogProvider implements SLF4JServiceProvider {

    private LoggerContext context;
    private IMarkerFactory markers;
    private LogbackMDCAdapter mdc;

    @Override
    public void initialize() {
        context = new LoggerContext();
        context.setName("default");
        new LogbackSetup().configure(context);
        StatusPrinter.printInCaseOfErrorsOrWarnings(context); // a log file that cannot be opened, say
        context.start();
        markers = new BasicMarkerFactory();
        mdc = new LogbackMDCAdapter();
        context.setMDCAdapter(mdc);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
