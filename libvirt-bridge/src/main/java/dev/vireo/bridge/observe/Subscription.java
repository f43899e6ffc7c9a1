package dev.vireo.bridge.observe;

/** A handle on a listener registration. Closing it removes the listener; closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
