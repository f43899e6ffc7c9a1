package dev.vireo.bridge;

import org.libvirt.Error;

/** Turns libvirt's error codes into sentences a sysadmin reads once and understands. */
final class ErrorSentences {

    private ErrorSentences() {
    }

    static String explain(Error error, String libvirtMessage) {
        if (libvirtMessage.contains("HOST KEY VERIFICATION FAILED")
                || libvirtMessage.contains("Host key verification failed")) {
            return "the host's SSH key is not the one trusted for it before. Someone may be "
                    + "intercepting the connection, or the host was reinstalled. Vireo does not connect; "
                    + "if the change is expected, remove the old key from the known-hosts file and connect again";
        }
        Error.ErrorNumber code = error.getCode();
        if (code == null) {
            return libvirtMessage;
        }
        return switch (code) {
            case VIR_ERR_NO_CONNECT, VIR_ERR_SYSTEM_ERROR, VIR_ERR_RPC ->
                    "the host could not be reached (" + libvirtMessage + ")";
            case VIR_ERR_AUTH_FAILED, VIR_ERR_AUTH_CANCELLED ->
                    "authentication failed (" + libvirtMessage + ")";
            case VIR_ERR_NO_DOMAIN -> "the virtual machine no longer exists";
            case VIR_ERR_OPERATION_INVALID -> "the virtual machine is not in a state that allows this ("
                    + libvirtMessage + ")";
            case VIR_ERR_NO_SUPPORT, VIR_ERR_ARGUMENT_UNSUPPORTED ->
                    "this host's driver does not support it (" + libvirtMessage + ")";
            case VIR_ERR_OPERATION_TIMEOUT -> "the host did not answer in time (" + libvirtMessage + ")";
            case VIR_ERR_OPERATION_DENIED ->
                    "permission denied (" + libvirtMessage + ")";
            default -> libvirtMessage;
        };
    }
}
