package dev.vireo.bridge;

import org.libvirt.Error;
import org.libvirt.LibvirtException;

/**
 * The one exception type the bridge throws: a sentence for the user and the details for the log
 * or an expandable "Details" area. Every libvirt failure is translated into this at the boundary.
 */
public class VirtException extends RuntimeException {

    private final String userMessage;
    private final String details;
    private final Error.ErrorNumber code;
    private boolean cancelled;

    public VirtException(String userMessage, String details, Throwable cause) {
        this(userMessage, details, null, cause);
    }

    private VirtException(String userMessage, String details, Error.ErrorNumber code, Throwable cause) {
        super(userMessage + (details == null || details.isBlank() ? "" : " [" + details + "]"), cause);
        this.userMessage = userMessage;
        this.details = details == null ? "" : details;
        this.code = code;
    }

    public VirtException(String userMessage, String details) {
        this(userMessage, details, null);
    }

    /** The user gave up (cancelled a prompt or the connecting): said once, never shown as an error. */
    public static VirtException cancelled(String userMessage, String details, Throwable cause) {
        VirtException e = new VirtException(userMessage, details, cause);
        e.cancelled = true;
        return e;
    }

    /** True when the user cancelled what failed. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Translates a libvirt-java exception raised while doing {@code action} (e.g. "Could not start “web”"). */
    public static VirtException from(String action, LibvirtException e) {
        return from(action, e.getError());
    }

    /** Translates a raw libvirt error (see {@link dev.vireo.bridge.internal.NativeErrors}). */
    public static VirtException from(String action, Error error) {
        if (error == null) {
            return new VirtException(action + ".", "libvirt reported a failure without an error message");
        }
        String message = error.getMessage() == null ? "" : error.getMessage().strip();
        String details = message + " (code " + error.getCode() + ", domain " + error.getDomain() + ")";
        return new VirtException(action + ": " + ErrorSentences.explain(error, message), details, error.getCode(), null);
    }

    /** Wraps anything that is not already a {@code VirtException}. */
    public static VirtException wrap(String action, Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof VirtException ve) {
            return ve;
        }
        if (cause instanceof LibvirtException le) {
            return from(action, le);
        }
        String detail = cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new VirtException(action + ".", detail, cause);
    }

    /** Peels {@code CompletionException}/{@code ExecutionException} wrappers off a future's failure. */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** True when libvirt said the domain does not exist (it was undefined or has vanished). */
    public boolean isNoSuchDomain() {
        return code == Error.ErrorNumber.VIR_ERR_NO_DOMAIN;
    }

    /** True when the driver does not implement the call. */
    public boolean isUnsupported() {
        return code == Error.ErrorNumber.VIR_ERR_NO_SUPPORT || code == Error.ErrorNumber.VIR_ERR_ARGUMENT_UNSUPPORTED;
    }

    /** The sentence to show: what failed and, in plain words, why. */
    public String userMessage() {
        return userMessage;
    }

    /** libvirt's own message, error code and domain, for the details area and the log. */
    public String details() {
        return details;
    }
}
