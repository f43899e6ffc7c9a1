package dev.vireo.app.console;

import dev.vireo.spice.ConsoleClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The views of a console's screens: the main view, and one more per further display channel (a
 * second QXL device) and per further monitor of a surface that holds several (one QXL device with
 * several heads: the guest puts its monitors side by side in one surface, and the channel's
 * monitors configuration says which rectangle each shows). Each view shows its rectangle of the
 * shared surface. Views come and go as surfaces and monitors do. FX thread, except
 * {@link #surface} and {@link #dirty}, which the client's thread calls.
 */
final class Heads {

    /** A screen: monitor {@code monitor} (its id) of display channel {@code display}. */
    record Head(int display, int monitor) {

        /** "Display 2": numbered as remote-viewer numbers them. */
        String label() {
            if (display == 0) {
                return "Display " + (monitor + 1);
            }
            return "Display " + (display + 1) + (monitor > 0 ? "." + (monitor + 1) : "");
        }

        /** The view's node id: {@code console-view-N}, N as SPICE's display id (the monitor's on channel 0). */
        String viewId() {
            return "console-view-" + (display == 0 ? Integer.toString(monitor)
                    : monitor > 0 ? display + "-" + monitor : Integer.toString(display));
        }
    }

    /** Where views beyond the main one are shown (a window each). */
    interface Displays {
        /** A view for {@code head} (FX thread), shown somewhere; told {@link #close} when the screen goes. */
        ConsoleView open(Head head);

        void close(Head head, ConsoleView view);
    }

    private final ConsoleView main;
    /** The views beyond the main one; read by the client's thread (dirty rectangles). */
    private final Map<Head, ConsoleView> extras = new ConcurrentHashMap<>();
    private final Map<Integer, List<ConsoleClient.Monitor>> monitors = new ConcurrentHashMap<>();
    /** Each display's latest surface, as the client's thread announced it. */
    private final Map<Integer, ConsoleClient.Frame> frames = new ConcurrentHashMap<>();
    /** Screens whose window the user closed: back with their display's next surface. */
    private final Set<Head> closedByUser = new HashSet<>();
    private Displays displays;
    private ConsoleClient client;
    private boolean serverMouse;
    private boolean agentMouse;

    Heads(ConsoleView main) {
        this.main = main;
    }

    /** Told (FX thread) when a view beyond the main one changes size: the guest's agent may follow. */
    private javafx.beans.InvalidationListener resized = o -> { };

    void onResized(javafx.beans.InvalidationListener listener) {
        resized = listener;
    }

    /**
     * The monitors of {@code display} sized to their views, side by side in the order of their ids
     * (what the guest's agent is asked for), or an empty list when the display is not split.
     */
    List<ConsoleClient.Monitor> viewSizes(int display) {
        List<ConsoleClient.Monitor> out = new ArrayList<>();
        List<ConsoleView> views = new ArrayList<>();
        of(display, v -> {
            if (v.area() != null) {
                views.add(v);
            }
        });
        if (views.size() < 2) {
            return out;
        }
        views.sort(Comparator.comparingInt(v -> v.area().id()));
        int x = 0;
        for (ConsoleView v : views) {
            int w = (int) v.getWidth();
            out.add(new ConsoleClient.Monitor(v.area().id(), x, 0, w, (int) v.getHeight()));
            x += w & ~7;
        }
        return out;
    }

    void setDisplays(Displays displays) {
        this.displays = displays;
    }

    /** The client every view sends its input to (null: none). */
    void setClient(ConsoleClient client) {
        this.client = client;
        all(v -> v.setClient(client));
    }

    void setServerMouse(boolean server) {
        serverMouse = server;
        all(v -> v.setServerMouse(server));
    }

    void setAgentMouse(boolean agent) {
        agentMouse = agent;
        all(v -> v.setAgentMouse(agent));
    }

    /** Runs {@code action} on the main view and every other. */
    void all(Consumer<ConsoleView> action) {
        action.accept(main);
        extras.values().forEach(action);
    }

    /** Runs {@code action} on every view of {@code display}. */
    void of(int display, Consumer<ConsoleView> action) {
        if (display == 0) {
            action.accept(main);
        }
        extras.forEach((h, v) -> {
            if (h.display() == display) {
                action.accept(v);
            }
        });
    }

    /** The view of {@code head}, or null. */
    ConsoleView view(Head head) {
        return head.equals(new Head(0, 0)) ? main : extras.get(head);
    }

    /** The screens shown beyond the main view. */
    Set<Head> shown() {
        return Set.copyOf(extras.keySet());
    }

    /** How many monitors of {@code display}'s surface have a view of their own (1: the whole surface is one). */
    int monitorsOf(int display) {
        int n = monitors.getOrDefault(display, List.of()).size();
        return n < 2 ? 1 : n;
    }

    /**
     * Orders a new surface against a view being added: without it, a view added while a surface
     * arrived could be handed the one before, whose mapping the bridge no longer draws into.
     */
    private final Object surfaces = new Object();

    /** A new surface, from the client's thread: the views that show it have it at their next pulse. */
    void surface(ConsoleClient.Frame frame) {
        synchronized (surfaces) {
            frames.put(frame.display(), frame);
            of(frame.display(), v -> v.surface(frame));
        }
    }

    /** A changed rectangle of {@code display}'s surface, from the client's thread. */
    void dirty(int display, int x, int y, int width, int height) {
        of(display, v -> v.dirty(x, y, width, height));
    }

    /** A new surface of {@code display} (FX thread): the screens it holds get their views, closed ones too. */
    void surfaceShown(int display) {
        closedByUser.removeIf(h -> h.display() == display);
        sync(display);
    }

    /** {@code display}'s monitors changed (FX thread). */
    void monitors(int display, List<ConsoleClient.Monitor> now) {
        monitors.put(display, now);
        sync(display);
    }

    /** {@code display}'s surface is gone: its views beyond the main one close. */
    void surfaceGone(int display) {
        if (display != 0) {
            for (Head h : List.copyOf(extras.keySet())) {
                if (h.display() == display) {
                    close(h);
                }
            }
        }
    }

    /** The user closed the window of {@code head}: it comes back with its display's next surface. */
    void closedByUser(Head head) {
        ConsoleView v = extras.remove(head);
        if (v != null) {
            v.setClient(null);
            closedByUser.add(head);
        }
    }

    /** Every view beyond the main one closes, and what was known of monitors is forgotten (a new connection). */
    void closeAll() {
        for (Head h : List.copyOf(extras.keySet())) {
            close(h);
        }
        monitors.clear();
        frames.clear();
        closedByUser.clear();
        main.setArea(null, -1);
    }

    /**
     * Makes {@code display}'s views match its monitors: with two or more, one view per monitor (the
     * first in the main view for display 0), each showing its rectangle; otherwise one view of the
     * whole surface.
     */
    private void sync(int display) {
        boolean known = frames.containsKey(display);
        List<ConsoleClient.Monitor> ms = new ArrayList<>(monitors.getOrDefault(display, List.of()));
        ms.sort(Comparator.comparingInt(ConsoleClient.Monitor::id));
        if (ms.size() < 2) {
            ms.clear(); // one monitor: the whole surface, as spice-gtk shows it
        }
        Map<Head, ConsoleClient.Monitor> wanted = new LinkedHashMap<>();
        if (ms.isEmpty()) {
            if (display != 0 && known) {
                wanted.put(new Head(display, 0), null);
            }
        } else {
            for (int i = 0; i < ms.size(); i++) {
                wanted.put(new Head(display, i == 0 ? 0 : ms.get(i).id()), ms.get(i));
            }
        }
        if (display == 0) {
            ConsoleClient.Monitor first = wanted.remove(new Head(0, 0));
            main.setArea(first, first == null ? -1 : first.id());
        }
        for (Head h : List.copyOf(extras.keySet())) {
            if (h.display() == display && !wanted.containsKey(h)) {
                close(h);
            }
        }
        if (displays == null) {
            return;
        }
        wanted.forEach((h, m) -> {
            if (closedByUser.contains(h)) {
                return;
            }
            ConsoleView v = extras.get(h);
            boolean opened = v == null;
            if (opened) {
                v = displays.open(h);
                v.setClient(client);
                v.setServerMouse(serverMouse);
                v.setAgentMouse(agentMouse);
                v.widthProperty().addListener(resized);
                v.heightProperty().addListener(resized);
            }
            v.setArea(m, m == null ? display : display == 0 ? m.id() : display);
            if (opened) {
                synchronized (surfaces) { // the latest surface; any later one reaches it through surface()
                    extras.put(h, v);
                    ConsoleClient.Frame frame = frames.get(display);
                    if (frame != null) {
                        v.surface(frame);
                    }
                }
            }
        });
    }

    private void close(Head h) {
        ConsoleView v = extras.remove(h);
        if (v != null) {
            v.setClient(null);
            if (displays != null) {
                displays.close(h, v);
            }
        }
    }
}
