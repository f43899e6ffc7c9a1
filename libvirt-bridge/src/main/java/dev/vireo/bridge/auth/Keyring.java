package dev.vireo.bridge.auth;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passwords remembered in the desktop's Secret Service keyring (GNOME Keyring, KWallet's
 * Secret Service), through libsecret's simple password API. Never in a file of Vireo's. Keyed by
 * the connection's URI and the host's question (a user may have a password and a passphrase).
 * Calls talk to the keyring over D-Bus: never on the JavaFX thread.
 */
public final class Keyring {

    private static final Logger LOG = LoggerFactory.getLogger(Keyring.class);

    /** SecretSchema from libsecret's secret-schema.h (LP64): name, flags, 32 attributes, reserved. */
    private static final int SCHEMA_SIZE = 8 + 8 + 32 * 16 + 8 + 7 * 8;
    private static final int ATTRIBUTE_STRING = 0;
    private static final String COLLECTION_DEFAULT = "default";

    private final NativeLibrary lib;
    private final Memory schema;
    private final Memory[] keep; // the schema's strings must outlive it

    private Keyring(NativeLibrary lib) {
        this.lib = lib;
        Memory name = string("dev.vireo.Password");
        Memory uri = string("uri");
        Memory prompt = string("prompt");
        keep = new Memory[] {name, uri, prompt};
        schema = new Memory(SCHEMA_SIZE);
        schema.clear();
        schema.setPointer(0, name);
        schema.setInt(8, 0); // SECRET_SCHEMA_NONE
        schema.setPointer(16, uri);
        schema.setInt(24, ATTRIBUTE_STRING);
        schema.setPointer(32, prompt);
        schema.setInt(40, ATTRIBUTE_STRING);
    }

    /**
     * The keyring, when libsecret is installed and a session bus exists; whether a Secret Service
     * answers on it shows at first use.
     */
    public static Optional<Keyring> open() {
        String runtime = nativeEnv("XDG_RUNTIME_DIR");
        if (nativeEnv("DBUS_SESSION_BUS_ADDRESS") == null && (runtime == null || !Files.exists(Path.of(runtime, "bus")))) {
            // no session bus, no Secret Service: and asking D-Bus to start one could stall for 25 s
            LOG.debug("no D-Bus session bus: passwords cannot be remembered");
            return Optional.empty();
        }
        try {
            return Optional.of(new Keyring(NativeLibrary.getInstance("secret-1")));
        } catch (UnsatisfiedLinkError e) {
            LOG.debug("no libsecret: passwords cannot be remembered ({})", e.getMessage());
            return Optional.empty();
        }
    }

    /** The remembered secret for {@code uri} and the host's question {@code prompt}, if any. */
    public Optional<char[]> lookup(String uri, String prompt) {
        PointerByReference error = new PointerByReference();
        Pointer found = (Pointer) lib.getFunction("secret_password_lookup_sync").invoke(Pointer.class,
                new Object[] {schema, null, error, "uri", uri, "prompt", prompt, null});
        if (failed(error, "look up a password")) {
            return Optional.empty();
        }
        if (found == null) {
            return Optional.empty();
        }
        byte[] bytes = found.getByteArray(0, (int) strlen(found));
        lib.getFunction("secret_password_free").invokeVoid(new Object[] {found}); // wipes it
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        char[] secret = new char[chars.remaining()];
        chars.get(secret);
        Arrays.fill(bytes, (byte) 0);
        if (chars.hasArray()) {
            Arrays.fill(chars.array(), '\0');
        }
        return Optional.of(secret);
    }

    /** Remembers {@code secret}; false (and logged) when the keyring refused or is not there. */
    public boolean store(String uri, String prompt, String label, char[] secret) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        Memory password = new Memory(encoded.remaining() + 1L);
        int length = encoded.remaining();
        for (int i = 0; i < length; i++) {
            password.setByte(i, encoded.get(i));
        }
        password.setByte(length, (byte) 0);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            PointerByReference error = new PointerByReference();
            int ok = lib.getFunction("secret_password_store_sync").invokeInt(new Object[] {
                schema, COLLECTION_DEFAULT, label, password, null, error, "uri", uri, "prompt", prompt, null});
            return !failed(error, "remember a password") && ok != 0;
        } finally {
            password.clear();
        }
    }

    /** Forgets every secret remembered for {@code uri}. */
    public void forget(String uri) {
        PointerByReference error = new PointerByReference();
        lib.getFunction("secret_password_clear_sync").invokeInt(new Object[] {schema, null, error, "uri", uri, null});
        failed(error, "forget a password");
    }

    private boolean failed(PointerByReference error, String what) {
        Pointer e = error.getValue();
        if (e == null) {
            return false;
        }
        // struct GError { GQuark domain; gint code; gchar *message; }
        String message = e.getPointer(8) == null ? "" : e.getPointer(8).getString(0, StandardCharsets.UTF_8.name());
        LOG.warn("could not {} in the keyring: {}", what, message);
        NativeLibrary.getInstance("glib-2.0").getFunction("g_error_free").invokeVoid(new Object[] {e});
        return true;
    }

    /** The environment as GLib sees it (getenv(3); Java's view is a copy taken at start). */
    private static String nativeEnv(String name) {
        return (String) Function.getFunction("c", "getenv").invoke(String.class, new Object[] {name});
    }

    private static long strlen(Pointer p) {
        return Function.getFunction("c", "strlen").invokeLong(new Object[] {p});
    }

    private static Memory string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(b.length + 1L);
        m.write(0, b, 0, b.length);
        m.setByte(b.length, (byte) 0);
        return m;
    }
}
